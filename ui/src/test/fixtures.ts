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
