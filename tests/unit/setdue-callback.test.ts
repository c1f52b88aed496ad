/** The button of `/setdue` for a ref several plans share: the task id and the date ride along, checked when read back. */
import { describe, expect, it } from "vitest";
import { setdueButton } from "../../src/telegram/features/coordinator-buttons.js";

describe("the setdue button", () => {
  it("carries the chosen task and the typed date", () => {
    const data = setdueButton.encode({ taskId: 4321, due: "2026-12-15" });
    expect(data).toBe("sd:4321:20261215");
    expect(setdueButton.decode(data)).toEqual({ taskId: 4321, due: "2026-12-15" });
  });

  it.each(["sd:4321", "sd:4321:20261332", "sd:4321:20260230", "sd:4321:2026-12-15", "sd:x:20261215", "sd:1:20261215:1"])("refuses %s", (data) => {
    expect(setdueButton.decode(data)).toBeNull();
  });
});
