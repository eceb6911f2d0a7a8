import type { Clock } from "../../../src/app/ports/clock.port.js";

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  private at: number;

  constructor(start: string | Date = "2026-11-25T10:00:00.000Z") {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(seconds: number): void {
    this.at += seconds * 1000;
  }

  set(at: string | Date): void {
    this.at = new Date(at).getTime();
  }
}
