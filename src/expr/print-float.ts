/**
 * Floats as NumPy prints them: a port of NumPy's Dragon4 (numpy/_core/src/multiarray/dragon4.c) on
 * exact BigInt arithmetic, for float32 and float64, with the scalar rules of scalartypes.c and the
 * array item rules of arrayprint.FloatingFormat (NumPy 2.4 defaults: precision 8, floatmode 'maxprec',
 * sign '-', legacy off). Every digit printed is the digit NumPy prints; none is computed in floating point.
 */

export type FloatKind = 'float32' | 'float64';

/**
 * NumPy's trim modes, by the characters its Python functions take: 'k' keeps trailing zeros,
 * '.' trims them and keeps the point ("1."), '0' leaves one zero ("1.0"), '-' drops the point too ("1").
 */
export type Trim = 'k' | '.' | '0' | '-';

export interface Dragon4Options {
  scientific: boolean;
  /** Digits after the point (positional, `fractional`) or after the first digit (scientific) at most; -1 for none. */
  precision: number;
  /** Digits to print at least, counted as `precision` is; -1 for none. */
  minDigits: number;
  /** Positional only: `precision` counts fractional digits (true) or all digits (false). */
  fractional: boolean;
  trim: Trim;
  /** Pad with spaces to this many characters left of the point (sign included); -1 for none. */
  padLeft: number;
  /** Positional only: pad with spaces to this many characters right of the point; -1 for none. */
  padRight: number;
  /** Scientific only: at least this many exponent digits; -1 for NumPy's 2. */
  expDigits: number;
}

/** log10(2) as the float64 dragon4.c's estimate uses (0.30102999566398119521373889472449 in its source). */
const LOG10_2 = 0.3010299956639812;
/** NumPy's Dragon4 scratch buffer (Dragon4_Scratch.repr), which bounds the digits of the unique mode. */
const BUFFER_SIZE = 16384;

interface Parts {
  negative: boolean;
  /** 'nan', 'inf', or the value mantissa * 2^exponent. */
  special?: 'nan' | 'inf';
  mantissa: bigint;
  exponent: number;
  /** Index of the highest set mantissa bit. */
  mantissaBit: number;
  /** The gap to the next float up is twice the gap down (a power of two above the smallest normal). */
  unequalMargins: boolean;
}

const view = new DataView(new ArrayBuffer(8));

/** The IEEE fields of `v` held as `kind`, as Dragon4_PrintFloat_IEEE_binary32/64 take them apart. */
function decompose(v: number, kind: FloatKind): Parts {
  let negative: boolean;
  let biased: number;
  let fraction: bigint;
  let fractionBits: number;
  let bias: number;
  let maxBiased: number;
  if (kind === 'float32') {
    view.setFloat32(0, v);
    const bits = view.getUint32(0);
    negative = bits >>> 31 === 1;
    biased = (bits >>> 23) & 0xff;
    fraction = BigInt(bits & 0x7fffff);
    fractionBits = 23;
    bias = 127;
    maxBiased = 0xff;
  } else {
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    negative = bits >> 63n === 1n;
    biased = Number((bits >> 52n) & 0x7ffn);
    fraction = bits & 0xfffffffffffffn;
    fractionBits = 52;
    bias = 1023;
    maxBiased = 0x7ff;
  }
  if (biased === maxBiased) return { negative, special: fraction === 0n ? 'inf' : 'nan', mantissa: 0n, exponent: 0, mantissaBit: 0, unequalMargins: false };
  if (biased !== 0) {
    return { negative, mantissa: (1n << BigInt(fractionBits)) | fraction, exponent: biased - bias - fractionBits, mantissaBit: fractionBits, unequalMargins: biased !== 1 && fraction === 0n };
  }
  return { negative, mantissa: fraction, exponent: 1 - bias - fractionBits, mantissaBit: fraction === 0n ? 0 : fraction.toString(2).length - 1, unequalMargins: false };
}

/**
 * NumPy's Dragon4 in its unique mode (Burger and Dybvig with IEEE unbiased rounding): the shortest digits
 * that read back as the value, or cut off at `cutoffMax` digits and rounded half to even, or continued to
 * `cutoffMin` digits. Returns the digits and the decimal exponent of the first one.
 */
function dragon4Digits(p: Parts, totalLength: boolean, cutoffMax: number, cutoffMin: number, bufferSize: number): { digits: number[]; exponent: number } {
  const { mantissa, exponent, unequalMargins } = p;
  if (mantissa === 0n) return { digits: [0], exponent: 0 };
  const isEven = (mantissa & 1n) === 0n;
  const highFactor = unequalMargins ? 2n : 1n;
  const extra = unequalMargins ? 2 : 1;
  let value: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (exponent > 0) {
    value = mantissa << BigInt(exponent + extra);
    scale = 1n << BigInt(extra);
    marginLow = 1n << BigInt(exponent);
  } else {
    value = mantissa << BigInt(extra);
    scale = 1n << BigInt(-exponent + extra);
    marginLow = 1n;
  }
  let digitExponent = Math.ceil((p.mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && !totalLength && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    value *= pow10;
    marginLow *= pow10;
  }
  if (value >= scale) {
    digitExponent += 1;
  } else {
    value *= 10n;
    marginLow *= 10n;
  }
  let cutoffMaxExponent = digitExponent - bufferSize;
  if (cutoffMax >= 0) cutoffMaxExponent = Math.max(cutoffMaxExponent, totalLength ? digitExponent - cutoffMax : -cutoffMax);
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) cutoffMinExponent = Math.min(cutoffMinExponent, totalLength ? digitExponent - cutoffMin : -cutoffMin);
  let outExponent = digitExponent - 1;

  const digits: number[] = [];
  let digit: number;
  let low: boolean;
  let high: boolean;
  for (;;) {
    digitExponent -= 1;
    digit = Number(value / scale);
    value %= scale;
    const marginHigh = marginLow * highFactor;
    low = isEven ? value <= marginLow : value < marginLow;
    high = isEven ? value + marginHigh >= scale : value + marginHigh > scale;
    if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
    digits.push(digit);
    value *= 10n;
    marginLow *= 10n;
  }
  let roundDown = low;
  if (low === high) {
    const twice = value * 2n;
    roundDown = twice < scale;
    if (twice === scale) roundDown = digit % 2 === 0;
  }
  if (roundDown) {
    digits.push(digit);
  } else if (digit < 9) {
    digits.push(digit + 1);
  } else {
    // Carry: find the first digit that is not a 9, or start again at "1" one exponent up.
    let i = digits.length;
    for (;;) {
      if (i === 0) {
        digits.length = 0;
        digits.push(1);
        outExponent += 1;
        break;
      }
      i -= 1;
      if (digits[i] !== 9) {
        digits[i] += 1;
        digits.length = i + 1;
        break;
      }
    }
  }
  return { digits, exponent: outExponent };
}

function signOf(p: Parts): string {
  return p.negative ? '-' : '';
}

/** Dragon4's FormatPositional: ddd.ddd with NumPy's trimming and padding. */
function formatPositional(p: Parts, o: Dragon4Options): string {
  const sign = signOf(p);
  const { digits, exponent } = dragon4Digits(p, !o.fractional, o.precision, o.minDigits, BUFFER_SIZE - 1 - sign.length);
  const text = digits.join('');
  let out: string;
  let wholeDigits: number;
  let fractionDigits: number;
  if (exponent >= 0) {
    wholeDigits = exponent + 1;
    if (digits.length <= wholeDigits) {
      out = text + '0'.repeat(wholeDigits - digits.length);
      fractionDigits = 0;
    } else {
      out = `${text.slice(0, wholeDigits)}.${text.slice(wholeDigits)}`;
      fractionDigits = digits.length - wholeDigits;
    }
  } else {
    const zeros = -(exponent + 1);
    out = `0.${'0'.repeat(zeros)}${text}`;
    wholeDigits = 1;
    fractionDigits = zeros + digits.length;
  }
  if (o.trim !== '-' && fractionDigits === 0) out += '.';
  const addDigits = o.minDigits;
  const desired = o.fractional ? Math.max(addDigits, 0) : addDigits - wholeDigits;
  if (o.trim === '0') {
    if (fractionDigits === 0) {
      out += '0';
      fractionDigits += 1;
    }
  } else if (o.trim === 'k' && desired > fractionDigits) {
    out += '0'.repeat(desired - fractionDigits);
    fractionDigits = desired;
  }
  if (o.trim !== 'k' && fractionDigits > 0) {
    while (out.endsWith('0')) {
      out = out.slice(0, -1);
      fractionDigits -= 1;
    }
    if (out.endsWith('.')) {
      if (o.trim === '0') {
        out += '0';
        fractionDigits += 1;
      } else if (o.trim === '-') {
        out = out.slice(0, -1);
      }
    }
  }
  if (o.padRight >= fractionDigits) {
    if (o.trim === '-' && fractionDigits === 0) out += ' ';
    out += ' '.repeat(o.padRight - fractionDigits);
  }
  out = sign + out;
  const shift = o.padLeft - (wholeDigits + sign.length);
  return shift > 0 ? ' '.repeat(shift) + out : out;
}

/** Dragon4's FormatScientific: d.ddde+dd with NumPy's trimming and padding. */
function formatScientific(p: Parts, o: Dragon4Options): string {
  const sign = signOf(p);
  const leftChars = 1 + sign.length;
  const pad = o.padLeft > leftChars ? ' '.repeat(o.padLeft - leftChars) : '';
  const { digits, exponent } = dragon4Digits(p, true, o.precision < 0 ? -1 : o.precision + 1, o.minDigits < 0 ? -1 : o.minDigits + 1, BUFFER_SIZE - pad.length - sign.length);
  let out = String(digits[0]);
  let fractionDigits = digits.length - 1;
  if (fractionDigits > 0) out += '.' + digits.slice(1).join('');
  if (o.trim !== '-' && fractionDigits === 0) out += '.';
  const addDigits = Math.max(o.minDigits, 0);
  if (o.trim === '0') {
    if (fractionDigits === 0) {
      out += '0';
      fractionDigits += 1;
    }
  } else if (o.trim === 'k' && addDigits > fractionDigits) {
    out += '0'.repeat(addDigits - fractionDigits);
    fractionDigits = addDigits;
  }
  if (o.trim !== 'k' && fractionDigits > 0) {
    while (out.endsWith('0')) out = out.slice(0, -1);
    if (o.trim === '0' && out.endsWith('.')) out += '0';
  }
  const expDigits = o.expDigits < 0 ? 2 : Math.min(o.expDigits, 5);
  const e = String(Math.abs(exponent)).padStart(expDigits, '0');
  return `${pad}${sign}${out}e${exponent >= 0 ? '+' : '-'}${e}`;
}

/** NumPy's dragon4_positional / dragon4_scientific of `v` held as `kind`; nan and inf as NumPy's PrintInfNan writes them. */
export function dragon4(v: number, kind: FloatKind, o: Dragon4Options): string {
  const p = decompose(v, kind);
  if (p.special === 'nan') return 'nan';
  if (p.special === 'inf') return signOf(p) + 'inf';
  return o.scientific ? formatScientific(p, o) : formatPositional(p, o);
}

const UNIQUE: Dragon4Options = { scientific: false, precision: -1, minDigits: -1, fractional: false, trim: '0', padLeft: -1, padRight: -1, expDigits: -1 };

/**
 * str of a NumPy float scalar (its repr without `np.float64(...)`): shortest digits, positional from 1e-4
 * up to 1e16 (float64) or 1e6 (float32), else scientific: 0.1, 1.0, 1e-05, 1e+16, -0.0, nan, -inf.
 */
export function formatFloatScalar(v: number, kind: FloatKind): string {
  const x = kind === 'float32' ? Math.fround(v) : v;
  const abs = Math.abs(x);
  const positional = Number.isNaN(x) || x === 0 || (abs < (kind === 'float32' ? 1e6 : 1e16) && abs >= 1e-4);
  return positional ? dragon4(x, kind, UNIQUE) : dragon4(x, kind, { ...UNIQUE, scientific: true, trim: '-' });
}

/** NumPy's array print precision (np.get_printoptions()['precision']). */
export const FLOAT_PRECISION = 8;

/**
 * NumPy's FloatingFormat for the items shown of a float array: one mode (positional or scientific) and
 * one width for all, chosen over the finite values; returns the formatter of one item.
 */
export function floatFormatter(values: ArrayLike<number>, kind: FloatKind): (v: number) => string {
  const round = kind === 'float32' ? Math.fround : (x: number) => x;
  const finite: number[] = [];
  let nonFinite = false;
  let negInf = false;
  for (let i = 0; i < values.length; i++) {
    const v = round(values[i]);
    if (Number.isFinite(v)) finite.push(v);
    else {
      nonFinite = true;
      if (v === -Infinity) negInf = true;
    }
  }
  let maxVal = 0;
  let minVal = Infinity;
  for (const v of finite) {
    if (v === 0) continue;
    maxVal = Math.max(maxVal, Math.abs(v));
    minVal = Math.min(minVal, Math.abs(v));
  }
  let scientific = false;
  if (maxVal > 0) {
    // NumPy 2.3+: the cutoff is 10**min(8, finfo(dtype).precision); a float32 compares with
    // float32(0.0001), as NEP 50 casts the Python float to the array's dtype.
    const cutoffMax = kind === 'float32' ? 1e6 : 1e8;
    scientific = maxVal >= cutoffMax || minVal < round(0.0001) || round(maxVal / minVal) > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let format: Dragon4Options | undefined;
  if (finite.length > 0 && scientific) {
    const first = { ...UNIQUE, scientific: true, precision: FLOAT_PRECISION, trim: '.' as const };
    let precision = 0;
    let expSize = 0;
    for (const v of finite) {
      const [mantissa, exp] = dragon4(v, kind, first).split('e');
      const [int, frac] = mantissa.split('.');
      padLeft = Math.max(padLeft, int.length);
      precision = Math.max(precision, frac.length);
      expSize = Math.max(expSize, exp.length - 1);
    }
    padRight = expSize + 2 + precision;
    format = { ...UNIQUE, scientific: true, precision, minDigits: precision, trim: 'k', padLeft, expDigits: expSize };
  } else if (finite.length > 0) {
    const first = { ...UNIQUE, precision: FLOAT_PRECISION, fractional: true, trim: '.' as const };
    for (const v of finite) {
      const [int, frac] = dragon4(v, kind, first).split('.');
      padLeft = Math.max(padLeft, int.length);
      padRight = Math.max(padRight, frac.length);
    }
    format = { ...first, minDigits: 0, padLeft, padRight };
  }
  if (nonFinite) {
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
    if (format) format = { ...format, padLeft };
  }
  const width = padLeft + padRight + 1;
  return (raw) => {
    const v = round(raw);
    if (Number.isNaN(v)) return 'nan'.padStart(width, ' ');
    if (!Number.isFinite(v)) return (v < 0 ? '-inf' : 'inf').padStart(width, ' ');
    return dragon4(v, kind, format ?? UNIQUE);
  };
}
