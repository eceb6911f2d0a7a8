/**
 * An ARM error response. Handlers throw it; the server turns it into ARM's
 * `{ "error": { "code", "message", "details"? } }` body so every failure has the shape the SDK parses
 * into `RestError.code`.
 */
export interface ArmErrorDetail {
  code: string;
  message: string;
}

export class ArmHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: ArmErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: ArmErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ArmHttpError";
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.headers = extra.headers ?? {};
  }

  toBody(): { error: { code: string; message: string; details?: ArmErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const badRequest = (code: string, message: string): ArmHttpError => new ArmHttpError(400, code, message);

/** ARM's wording for a missing top-level resource. */
export const resourceNotFound = (type: string, name: string, resourceGroup: string): ArmHttpError =>
  new ArmHttpError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

/** The network resource provider's wording for a missing child resource (a rule, a subnet). */
export const childNotFound = (id: string): ArmHttpError =>
  new ArmHttpError(404, "NotFound", `Resource ${id} not found.`);
