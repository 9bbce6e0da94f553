import { useEffect, useRef, useState } from 'react';

/** The Shape Detection API's BarcodeDetector, where the browser has it (not in every browser's DOM typings). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;
const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;

/** Camera scanning with the browser's BarcodeDetector; says so when the browser cannot, and the typed field stays. */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  });

  useEffect(() => {
    if (!on || !Detector) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    const scan = async () => {
      if (stopped || !video.current) return;
      const found = await detector.detect(video.current).catch(() => []);
      if (found[0]?.rawValue) {
        setOn(false);
        return onCodeRef.current(found[0].rawValue);
      }
      timer = setTimeout(() => void scan(), 300);
    };
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: 'environment' } })
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

  if (!Detector)
    return (
      <p className="notice" data-testid="scanner-unavailable">
        This browser cannot scan QR codes with the camera. Type the code shown on the car’s screen instead.
      </p>
    );
  return (
    <div className="scanner">
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
