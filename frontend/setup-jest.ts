/**
 * Overview: Jest set-up for every spec: the zoneless Angular test environment and the browser
 *   APIs jsdom lacks but Taiga UI needs.
 * Architecture: test infrastructure (loaded by jest.config.js, setupFilesAfterEnv).
 * Dependencies: jest-preset-angular (zoneless environment).
 * Concepts: zoneless change detection (no zone.js); Taiga reads matchMedia and ResizeObserver.
 */
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList,
});

class ResizeObserverStub {
  observe = (): void => undefined;
  unobserve = (): void => undefined;
  disconnect = (): void => undefined;
}
Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
