import type { GarageVehicleT } from '@marque/contracts';

type Body = 'hatch' | 'suv' | 'saloon' | 'estate';

/** The demo range's body styles; another model falls back to one chosen from its name so it stays stable. */
const BODIES: Record<string, Body> = { lumen: 'hatch', orla: 'suv', vela: 'suv', serra: 'saloon', tarn: 'estate' };
const FALLBACK: Body[] = ['hatch', 'suv', 'saloon', 'estate'];
/** The registry carries no paint colour, so each model family gets its own. */
const COLOURS = ['#2f6fb0', '#b03a2e', '#3f7f5f', '#7a5aa6', '#c07a1e', '#4a5560'];

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export function bodyOf(model: string): Body {
  return BODIES[model.toLowerCase()] ?? FALLBACK[hash(model) % FALLBACK.length]!;
}

/** Side silhouettes (viewBox 0 0 240 100): roof and cabin line per body style; wheels are drawn separately. */
const OUTLINE: Record<Body, string> = {
  hatch:
    'M14 72 L18 52 Q22 46 34 44 L70 40 L96 22 Q104 18 116 18 L160 18 Q172 18 178 28 L190 46 L214 50 Q226 54 226 64 L226 72 Z',
  suv: 'M12 72 L14 46 Q16 38 28 36 L62 34 L84 14 Q90 10 100 10 L176 10 Q188 10 194 20 L204 36 L218 40 Q228 44 228 56 L228 72 Z',
  saloon:
    'M12 72 L14 58 Q18 50 32 48 L68 44 L96 24 Q104 20 116 20 L156 20 Q166 20 174 28 L192 44 L216 48 Q228 52 228 62 L228 72 Z',
  estate: 'M12 72 L14 56 Q18 48 32 46 L66 42 L92 22 Q100 18 112 18 L204 18 Q214 18 216 28 L220 44 Q228 48 228 58 L228 72 Z',
};

/** An inline drawing of the car (no external images): its body style, a colour per model, a plug for electric ones. */
export function CarPicture({ car, size = 240 }: { car: GarageVehicleT; size?: number }) {
  const body = bodyOf(car.model);
  const colour = COLOURS[hash(`${car.brand} ${car.model}`) % COLOURS.length];
  return (
    <svg
      className="car-picture"
      role="img"
      aria-label={`${car.brand} ${car.model} (${body})`}
      data-body={body}
      viewBox="0 0 240 100"
      width={size}
      height={(size * 100) / 240}
    >
      <path d={OUTLINE[body]} fill={colour} stroke="#1d232a" strokeWidth="2" strokeLinejoin="round" />
      <path d="M100 26 L150 26 L158 40 L92 40 Z" fill="#dfe8ef" opacity="0.85" />
      <circle cx="60" cy="74" r="15" fill="#1d232a" />
      <circle cx="60" cy="74" r="6" fill="#c9ced3" />
      <circle cx="184" cy="74" r="15" fill="#1d232a" />
      <circle cx="184" cy="74" r="6" fill="#c9ced3" />
      {(car.powertrain === 'BEV' || car.powertrain === 'PHEV') && (
        <path d="M124 50 l-8 12 h7 l-3 10 l9 -13 h-7 z" fill="#ffd84a" stroke="#1d232a" strokeWidth="1" />
      )}
    </svg>
  );
}
