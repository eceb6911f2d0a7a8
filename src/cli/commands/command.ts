export interface CliCommand {
  summary: string;
  run(args: string[], env: NodeJS.ProcessEnv): Promise<number | undefined>;
}
