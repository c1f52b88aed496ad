/** A short ASCII code for an agency the registry does not know: "Các chủ đầu tư" → "X-CCDT". */
import { foldDiacritics } from "../../domain/text.js";

export function unregisteredCode(name: string): string {
  const initials = foldDiacritics(name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase())
    .join("")
    .slice(0, 12);
  return `X-${initials || "COQUAN"}`;
}
