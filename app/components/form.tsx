// The form parts moved to app/components/ui/ (docs/decisions/0016-ui-parts.md); this keeps old imports working.
export { Field, FormError } from "./ui/field";
