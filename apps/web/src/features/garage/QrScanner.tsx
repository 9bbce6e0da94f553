import { useEffect, useRef, useState } from 'react';
import jsQR from 'jsqr';

/** The Shape Detection API's BarcodeDetector, where the browser has it (not in every browser's DOM typings). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;
const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
const hasCamera = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

type Decode = (video: HTMLVideoElement) => Promise<string | null>;

/** The browser's BarcodeDetector where it exists; otherwise jsQR over a frame drawn on a canvas. */
function decoder(): Decode {
  if (Detector) {
    const d = new Detector({ formats: ['qr_code'] });
    return async (v) => (await d.detect(v).catch(() => []))[0]?.rawValue ?? null;
  }
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (v) => {
    if (!ctx || !v.videoWidth || !v.videoHeight) return null;
    // Scanning a downscaled frame keeps each try cheap on a phone; a QR code on a screen stays readable at 640 px.
    const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(img.data, img.width, img.height, { inversionAttempts: 'attemptBoth' })?.data || null;
  };
}

/** Camera scanning of the head unit's QR code; the typed field beside it always stays. */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  });

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const decode = decoder();
    const scan = async () => {
      if (stopped || !video.current) return;
      const found = await decode(video.current);
      if (found) {
        setOn(false);
        return onCodeRef.current(found);
      }
      timer = setTimeout(() => void scan(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void scan();
      })
      .catch(() => {
        setError('The camera could not be opened. Allow camera access, or type the code below.');
        setOn(false);
      });
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);

  if (!hasCamera())
    return (
      <p className="notice" data-testid="scanner-unavailable">
        This browser cannot open the camera here. Type the code shown on the car’s screen instead.
      </p>
    );
  return (
    <div className="scanner" data-testid="qr-scanner" data-decoder={Detector ? 'barcode-detector' : 'jsqr'}>
      {on ? (
        <>
          <video ref={video} muted playsInline aria-label="Camera view: point it at the QR code on the car’s screen" />
          <button type="button" className="secondary" onClick={() => setOn(false)}>
            Stop the camera
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setOn(true)}>
          Scan the QR code with the camera
        </button>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}
