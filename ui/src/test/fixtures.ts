// Test data shared by the component tests: one place to follow the backend's Idea shape.
import type { Idea } from "../api/ideas";

/** A plain submitted idea; `over` changes what a test is about. */
export function idea(over: Partial<Idea> = {}): Idea {
  return {
    id: "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f",
    title: "Bedside gel",
    problem: "Empty by noon",
    solution: null,
    author: "A. Nurse",
    submitted_by: "nurse",
    tags: [],
    supporters: 0,
    merged_into: null,
    score: null,
    affects: [],
    site: "",
    department: "",
    stage: "submitted",
    last_decision: null,
    original_submitter: null,
    created_at: "2026-11-22T10:00:00Z",
    updated_at: "2026-11-22T10:00:00Z",
    ...over,
  };
}

import type { Capabilities, MemberView } from "../bindings";
import { NOTHING } from "../data/session.svelte";

const none: Capabilities = NOTHING;
const lead: Capabilities = {
  decide: true,
  review: true,
  plan_poc: true,
  edit_any_idea: true,
  import_ideas: true,
  run_partnerships: true,
  record_benefits: true,
  approve_joins: true,
  revoke_members: false,
  change_settings: false,
  grantable_roles: ["clinician", "reviewer"],
};

/** What the backend (sprout-core's capabilities) says each role may do. */
export const MAY: Record<"clinician" | "reviewer" | "lead" | "admin", Capabilities> = {
  clinician: none,
  reviewer: { ...none, review: true },
  lead,
  admin: { ...lead, revoke_members: true, change_settings: true, grantable_roles: ["clinician", "reviewer", "lead", "admin"] },
};

/** A hub member as the backend lists them. */
export function member(over: Partial<MemberView> & Pick<MemberView, "actor" | "person">): MemberView {
  const roles = over.roles ?? ["clinician"];
  return {
    site: "",
    roles,
    revoked: false,
    last_work: null,
    may_be_asked_to_review: !over.revoked && roles.some((r) => r !== "clinician"),
    ...over,
  };
}
