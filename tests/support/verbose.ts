/**
 * Robustness and soak tests measure things (times, counts, log sizes) and keep them to
 * themselves during `npm test`; DONDOC_TEST_VERBOSE=1 prints them (CONTRIBUTING.md).
 */
export const testVerbose = process.env.DONDOC_TEST_VERBOSE === "1";

/** One line of a test's measurements, printed only when DONDOC_TEST_VERBOSE=1. */
export function printIfVerbose(line: string): void {
  if (testVerbose) console.log(line);
}
