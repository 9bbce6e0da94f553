/**
 * Vehicle identification numbers after ISO 3779: 17 characters from a 33-character alphabet,
 * WMI (1-3), VDS (4-9), VIS (10-17). North America and China make position 9 a check digit.
 */
export const VIN_ALPHABET = /^[A-HJ-NPR-Z0-9]+$/;

const transliteration: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export type VinRule = 'vin.length' | 'vin.characters' | 'vin.forbidden_letter' | 'vin.wmi' | 'vin.check_digit';

export type VinCheck = { ok: true; vin: string } | { ok: false; rule: VinRule; message: string };

/** The check digit that position 9 must carry where the region uses one. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const value = c >= '0' && c <= '9' ? Number(c) : (transliteration[c] ?? 0);
    sum += value * weights[i]!;
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** Regions whose WMI (first character) obliges a valid check digit: North America (1-5) and China (L). */
export function vinRequiresCheckDigit(vin: string): boolean {
  return /^[1-5L]/.test(vin);
}

/** Normalises (trim, upper case) and validates a VIN, naming the first rule it breaks. */
export function checkVin(input: string): VinCheck {
  const vin = input.trim().toUpperCase();
  if (vin.length !== 17) {
    return { ok: false, rule: 'vin.length', message: `A VIN has exactly 17 characters; this one has ${vin.length}.` };
  }
  const forbidden = vin.match(/[IOQ]/);
  if (forbidden) {
    return {
      ok: false,
      rule: 'vin.forbidden_letter',
      message: `A VIN never contains the letters I, O or Q (found "${forbidden[0]}" at position ${forbidden.index! + 1}).`,
    };
  }
  if (!VIN_ALPHABET.test(vin)) {
    const bad = [...vin].findIndex((c) => !/[A-Z0-9]/.test(c));
    return {
      ok: false,
      rule: 'vin.characters',
      message: `A VIN holds only digits and capital letters (position ${bad + 1} is "${vin[bad]}").`,
    };
  }
  if (!/^[A-HJ-NPR-Z1-9]/.test(vin) || vin.startsWith('0')) {
    return { ok: false, rule: 'vin.wmi', message: 'A VIN starts with a world manufacturer identifier; position 1 cannot be 0.' };
  }
  if (vinRequiresCheckDigit(vin)) {
    const expected = vinCheckDigit(vin);
    if (vin[8] !== expected) {
      return {
        ok: false,
        rule: 'vin.check_digit',
        message: `The check digit (position 9) is "${vin[8]}" but the other characters require "${expected}"; please check for a typing error.`,
      };
    }
  }
  return { ok: true, vin };
}

/** Replaces position 9 with the correct check digit (for generators and tests). */
export function withCheckDigit(vin: string): string {
  return vin.slice(0, 8) + vinCheckDigit(vin) + vin.slice(9);
}
