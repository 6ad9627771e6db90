import type { AppError_Serialize, ErrorCode, IdeaField, PidHit, PidKind } from "../bindings";

/** An error as the backend sends it. */
export type AppError = AppError_Serialize;
export type { ErrorCode, IdeaField, PidHit, PidKind };

/** A failed command, carrying the backend's stable code so the UI can branch on it. */
export class SproutError extends Error {
  readonly code: ErrorCode | "unexpected";
  readonly field: IdeaField | null;
  /** With `patient_data`: the words that looked like patient details. */
  readonly patientData: PidHit[];

  constructor(
    code: ErrorCode | "unexpected",
    message: string,
    field: IdeaField | null = null,
    patientData: PidHit[] = [],
  ) {
    super(message);
    this.name = "SproutError";
    this.code = code;
    this.field = field;
    this.patientData = patientData;
  }

  static from(error: unknown): SproutError {
    if (error instanceof SproutError) return error;
    if (isAppError(error)) {
      return new SproutError(error.code, error.message, error.field, error.patient_data ?? []);
    }
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

// The fields a form asks for by name; others say what is missing in the backend's words.
const FIELD_LABELS: Partial<Record<IdeaField, string>> = {
  id: "idea",
  title: "a title",
  problem: "the problem",
  solution: "a solution",
  tag: "a tag",
  comment: "a comment",
  review: "your scores",
  rationale: "the reason for the decision",
  clinical_sponsor: "a clinical sponsor",
  esf_tier: "an evidence tier",
  trl: "a readiness level",
  dtac_status: "the DTAC status",
  patient_facing: "whether it is patient-facing",
  mhra_device: "the MHRA answer",
  dpia_screening: "the DPIA screening answers",
  nasss: "the NASSS ratings",
  affects: "who it affects",
  site: "a site",
  department: "a department or ward",
  poc_aim: "the POC's aim",
  ethics_ref: "the ethics (IRAS) reference",
  hypothesis: "the hypothesis",
  measure: "the measure that tests it",
  metric: "the metric's name",
  direction: "whether higher or lower is better",
  target: "a target",
  target_date: "the target date",
  baseline_date: "the baseline date",
  milestone: "the milestone's title",
  status_note: "a status note",
};

const PID_WORDS: Record<PidKind, string> = {
  nhs_number: "an NHS number",
  date_of_birth: "a date of birth",
  hospital_number: "a hospital number",
  postcode: "a postcode",
  phone_number: "a phone number",
  email: "an email address",
};

/** The sentence shown next to a field, in NHS service-manual style. */
export function errorText(error: SproutError): string {
  const label = error.field ? FIELD_LABELS[error.field] : undefined;
  if (error.code === "empty" && label) return `Enter ${label}`;
  if (error.code === "patient_data" && error.patientData.length > 0) {
    const kinds = [...new Set(error.patientData.map((h) => PID_WORDS[h.kind]))];
    const listed = kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}` : kinds[0];
    return `Remove the patient details highlighted below (${listed}). Sprout never stores patient-identifiable data.`;
  }
  return error.message.charAt(0).toUpperCase() + error.message.slice(1);
}
