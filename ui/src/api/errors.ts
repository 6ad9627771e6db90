import type { AppError_Serialize, ErrorCode, IdeaField } from "../bindings";

/** An error as the backend sends it. */
export type AppError = AppError_Serialize;
export type { ErrorCode, IdeaField };

/** A failed command, carrying the backend's stable code so the UI can branch on it. */
export class SproutError extends Error {
  readonly code: ErrorCode | "unexpected";
  readonly field: IdeaField | null;

  constructor(code: ErrorCode | "unexpected", message: string, field: IdeaField | null = null) {
    super(message);
    this.name = "SproutError";
    this.code = code;
    this.field = field;
  }

  static from(error: unknown): SproutError {
    if (error instanceof SproutError) return error;
    if (isAppError(error)) return new SproutError(error.code, error.message, error.field);
    const message = error instanceof Error ? error.message : String(error);
    return new SproutError("unexpected", message);
  }
}

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).code === "string" &&
    typeof (value as AppError).message === "string"
  );
}

const FIELD_LABELS: Record<IdeaField, string> = {
  id: "idea",
  title: "a title",
  problem: "the problem",
  solution: "a solution",
  tag: "a tag",
  comment: "a comment",
  review: "your scores",
};

/** The sentence shown next to a field, in NHS service-manual style. */
export function errorText(error: SproutError): string {
  if (error.code === "empty" && error.field) return `Enter ${FIELD_LABELS[error.field]}`;
  return error.message.charAt(0).toUpperCase() + error.message.slice(1);
}
