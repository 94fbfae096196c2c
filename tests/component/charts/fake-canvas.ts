// A stand-in 2D context for jsdom, which has none: every drawing call is recorded, so tests can
// let chart.js lay out and draw for real and then look at what it drew.
import { vi } from 'vitest';

export interface DrawCall {
  name: string;
  args: unknown[];
}

/** Records the calls made on one canvas. */
export interface FakeCanvas {
  canvas: HTMLCanvasElement;
  calls: DrawCall[];
}

/** getContext('2d') returns null, as in jsdom without the canvas package (without its noise). */
export function noCanvasContext(): void {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
}

/**
 * getContext('2d') returns a recording fake and chart containers measure `width`×`height`, so
 * chart.js lays out and draws. Returns the list of canvases drawn on, in creation order.
 */
export function fakeCanvasContext(width = 400, height = 260): FakeCanvas[] {
  const canvases: FakeCanvas[] = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
  ) {
    const calls: DrawCall[] = [];
    canvases.push({ canvas: this, calls });
    const state: Record<string | symbol, unknown> = { canvas: this };
    const special: Record<string, (...args: unknown[]) => unknown> = {
      measureText: (text) => ({
        width: String(text).length * 6,
        actualBoundingBoxAscent: 8,
        actualBoundingBoxDescent: 2,
      }),
      getImageData: () => ({ data: new Uint8ClampedArray(4) }),
      createLinearGradient: () => ({ addColorStop() {} }),
    };
    return new Proxy(state, {
      get(target, key) {
        if (key in target) return target[key];
        if (typeof key === 'string' && key in special) return special[key];
        return (...args: unknown[]) => {
          calls.push({ name: String(key), args });
        };
      },
      set(target, key, value) {
        target[key] = value;
        return true;
      },
    }) as unknown as CanvasRenderingContext2D;
  } as unknown as HTMLCanvasElement['getContext']);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width,
    height,
    top: 0,
    left: 0,
    right: width,
    bottom: height,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
  if (!('ResizeObserver' in globalThis)) {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
  }
  return canvases;
}

/** The texts drawn with fillText. */
export function drawnText(calls: readonly DrawCall[]): string[] {
  return calls.filter((c) => c.name === 'fillText').map((c) => String(c.args[0]));
}
