// The site and ward the last idea on this PC came from, for the next one: kept for the
// session, outside the form, so going to another place and back does not lose them.
export const lastPlace = { site: "", department: "" };
