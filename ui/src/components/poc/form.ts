// A field of one of the POC forms (see PocForm.svelte).
import type { IdeaField } from "../../api/errors";

export interface Field {
  /** The key in the values handed to `save`. */
  key: string;
  label: string;
  /** The backend's name for it, so its refusal marks this field. */
  field: IdeaField;
  hint?: string;
  kind?: "text" | "date" | "number" | "select" | "textarea" | "checkboxes";
  /** For a select or checkboxes: value and label. A select gets a blank first choice. */
  options?: { key: string; label: string }[];
  optional?: boolean;
}
