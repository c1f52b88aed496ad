/**
 * The one diacritic folding (src/domain/text.ts) that plan reading, agency matching, reply
 * reading and the ASCII file names share.
 */
import { describe, expect, it } from "vitest";
import { foldDiacritics, foldWords, stripDiacritics } from "../../src/domain/text.js";
import { readReplyIntent } from "../../src/domain/reply-intent.js";
import { foldedKey } from "../../src/plan/text.js";
import { reviewFileName } from "../../src/services/plans/plan-review.js";

// Every Vietnamese vowel with every tone, upper and lower case, and the base letters they fold to.
const VOWELS: Array<[string, string]> = [
  ["aàáảãạăằắẳẵặâầấẩẫậ", "a"],
  ["eèéẻẽẹêềếểễệ", "e"],
  ["iìíỉĩị", "i"],
  ["oòóỏõọôồốổỗộơờớởỡợ", "o"],
  ["uùúủũụưừứửữự", "u"],
  ["yỳýỷỹỵ", "y"],
];

describe("foldDiacritics", () => {
  it("folds every Vietnamese vowel, in either case, to its base letter", () => {
    for (const [letters, base] of VOWELS) {
      expect(foldDiacritics(letters)).toBe(base.repeat(letters.length));
      expect(foldDiacritics(letters.toUpperCase())).toBe(base.repeat(letters.length));
    }
  });

  it("folds Đ and đ to d", () => {
    expect(foldDiacritics("Đông Sơn")).toBe("dong son");
    expect(foldDiacritics("ĐẢNG ĐOÀN")).toBe("dang doan");
    expect(foldDiacritics("KH&ĐT")).toBe("kh&dt");
  });

  it("folds ư and ơ (horn letters, no tone) as well as their toned forms", () => {
    expect(foldDiacritics("Ưu tiên cơ sở")).toBe("uu tien co so");
    expect(foldDiacritics("Thương binh")).toBe("thuong binh");
    expect(foldDiacritics("Ủy ban nhân dân tỉnh Thừa Thiên Huế")).toBe("uy ban nhan dan tinh thua thien hue");
  });

  it("folds combining and precomposed spellings alike", () => {
    const precomposed = "Hoà Bình, Nghệ An";
    const combining = precomposed.normalize("NFD");
    expect(combining).not.toBe(precomposed);
    expect(foldDiacritics(combining)).toBe("hoa binh, nghe an");
    expect(foldDiacritics(precomposed)).toBe("hoa binh, nghe an");
    // Old keyboards: base letter, then the tone mark alone ("ệ" as e + dot below + circumflex).
    expect(foldDiacritics("Nghe\u0323\u0302")).toBe("nghe");
  });

  it("gives one folded letter per precomposed letter, so folded text maps back to the typed one", () => {
    const typed = "Đã hoàn thành 80% Kế hoạch";
    expect(foldDiacritics(typed)).toHaveLength(typed.length);
  });

  it("leaves digits, punctuation and plain ASCII alone except for case", () => {
    expect(foldDiacritics("Số 12/KH-UBND ngày 15/12/2026")).toBe("so 12/kh-ubnd ngay 15/12/2026");
  });
});

describe("foldWords", () => {
  it("folds and makes every run of white space one space", () => {
    expect(foldWords("Báo  cáo\n\tkết quả\u00a0thực hiện")).toBe("bao cao ket qua thuc hien");
  });
});

describe("stripDiacritics", () => {
  it("keeps case and turns Đ into D, đ into d", () => {
    expect(stripDiacritics("Quyết định 1861/QĐ-UBND")).toBe("Quyet dinh 1861/QD-UBND");
    expect(stripDiacritics("Ưu Tiên")).toBe("Uu Tien");
    expect(stripDiacritics("Hoa\u0300 Bi\u0300nh")).toBe("Hoa Binh");
  });

  it("makes the review workbook's ASCII file name", () => {
    expect(reviewFileName("1861/QĐ-UBND")).toBe("1861-QD-UBND-ra-soat.xlsx");
    expect(reviewFileName("Đề án")).toBe("De-an-ra-soat.xlsx");
  });
});

describe("every former copy folds the same way", () => {
  it("plan names: typed without diacritics, decomposed or precomposed, the same key", () => {
    expect(foldedKey("Sở Kế hoạch và Đầu tư")).toBe("so ke hoach va dau tu");
    expect(foldedKey("Sở Kế hoạch và Đầu tư".normalize("NFD"))).toBe("so ke hoach va dau tu");
  });

  it("replies: a combining-mark reply reads like a precomposed or unaccented one", () => {
    const precomposed = readReplyIntent("Đã hoàn thành, xin gia hạn đến 15/12/2026 vì vướng mắc về vốn", "2026-11-01");
    const combining = readReplyIntent("Đã hoàn thành, xin gia hạn đến 15/12/2026 vì vướng mắc về vốn".normalize("NFD"), "2026-11-01");
    const plain = readReplyIntent("da hoan thanh, xin gia han den 15/12/2026 vi vuong mac ve von", "2026-11-01");
    expect(precomposed.kind).toBe("extension_request");
    expect(precomposed.proposedDate).toBe("2026-12-15");
    expect(combining).toEqual(precomposed);
    expect(plain.kind).toBe(precomposed.kind);
    expect(plain.proposedDate).toBe(precomposed.proposedDate);
  });
});
