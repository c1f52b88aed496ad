/** The buttons of a plan sent as a file (features/plan-upload.ts): Nhập or Huỷ under its preview. */
import { defineCallback } from "../callback-data.js";

export const planButton = defineCallback({
  owner: "plan-upload",
  prefix: "pl",
  fields: 2,
  write: ({ uploadId, decision }: { uploadId: number; decision: "import" | "cancel" }) => [uploadId, decision === "import" ? "i" : "c"],
  read: (uploadId, code) => (code === "i" || code === "c" ? { uploadId, decision: code === "i" ? ("import" as const) : ("cancel" as const) } : null),
});
