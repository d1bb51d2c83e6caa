import type { CDPSession, Page } from '@playwright/test';

export interface Point {
  x: number;
  y: number;
}

type TouchType = 'touchStart' | 'touchMove' | 'touchEnd' | 'touchCancel';

const along = (from: Point, to: Point, t: number): Point => ({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t });

/**
 * Fingers on the page, as a phone's touch screen sends them: Chromium's own touch input (CDP
 * Input.dispatchTouchEvent), so the page gets the pointer and touch events a real finger makes, in order. Each
 * finger keeps its id from landing to lifting; every event lists all fingers still down (client CSS px).
 */
export class TouchGestures {
  private session: CDPSession | null = null;

  constructor(readonly page: Page) {}

  private async send(type: TouchType, fingers: Map<number, Point>): Promise<void> {
    this.session ??= await this.page.context().newCDPSession(this.page);
    const touchPoints = [...fingers].map(([id, { x, y }]) => ({ id, x, y, radiusX: 4, radiusY: 4, force: 1 }));
    await this.session.send('Input.dispatchTouchEvent', { type, touchPoints });
  }

  /** Puts one finger down at `at` and holds it there until `lift` is called. */
  async down(at: Point): Promise<{ moveTo(to: Point, steps?: number): Promise<void>; lift(): Promise<void> }> {
    const fingers = new Map([[0, at]]);
    await this.send('touchStart', fingers);
    return {
      moveTo: async (to: Point, steps = 12) => {
        const from = fingers.get(0)!;
        for (let step = 1; step <= steps; step += 1) {
          fingers.set(0, along(from, to, step / steps));
          await this.send('touchMove', fingers);
        }
      },
      lift: () => this.send('touchEnd', new Map()),
    };
  }

  /** One finger: lands at `from`, moves by (dx, dy) in small steps, lifts. */
  async drag(from: Point, dx: number, dy: number, steps = 12): Promise<void> {
    const finger = await this.down(from);
    await finger.moveTo({ x: from.x + dx, y: from.y + dy }, steps);
    await finger.lift();
  }

  /** One finger lands and lifts at once. */
  async tap(at: Point): Promise<void> {
    const finger = await this.down(at);
    await finger.lift();
  }

  /** Two fingers: land at `from` (one, then the other), move together in small steps to `to`, lift. */
  async twoFingers(from: [Point, Point], to: [Point, Point], steps = 12): Promise<void> {
    const fingers = new Map<number, Point>([[0, from[0]]]);
    await this.send('touchStart', fingers);
    fingers.set(1, from[1]);
    await this.send('touchStart', fingers);
    for (let step = 1; step <= steps; step += 1) {
      fingers.set(0, along(from[0], to[0], step / steps));
      fingers.set(1, along(from[1], to[1], step / steps));
      await this.send('touchMove', fingers);
    }
    await this.send('touchEnd', new Map());
  }

  /**
   * Pinch: two fingers `spreadFrom` px apart, horizontally about `centre`, spread to `spreadTo` px apart about
   * `centre` moved by `shift`.
   */
  async pinch(centre: Point, spreadFrom: number, spreadTo: number, shift: Point = { x: 0, y: 0 }): Promise<void> {
    const end = { x: centre.x + shift.x, y: centre.y + shift.y };
    await this.twoFingers(
      [
        { x: centre.x - spreadFrom / 2, y: centre.y },
        { x: centre.x + spreadFrom / 2, y: centre.y },
      ],
      [
        { x: end.x - spreadTo / 2, y: end.y },
        { x: end.x + spreadTo / 2, y: end.y },
      ],
    );
  }

  /**
   * One finger drags from `from` by (dx, dy); then, without lifting it, a second finger lands at `second` and
   * both move apart (a pinch), then lift.
   */
  async dragThenPinch(from: Point, dx: number, dy: number, second: Point, spread: number): Promise<void> {
    const fingers = new Map([[0, from]]);
    await this.send('touchStart', fingers);
    const dragged = { x: from.x + dx, y: from.y + dy };
    for (let step = 1; step <= 8; step += 1) {
      fingers.set(0, along(from, dragged, step / 8));
      await this.send('touchMove', fingers);
    }
    fingers.set(1, second);
    await this.send('touchStart', fingers);
    for (let step = 1; step <= 8; step += 1) {
      fingers.set(0, { x: dragged.x - (spread / 2) * (step / 8), y: dragged.y });
      fingers.set(1, { x: second.x + (spread / 2) * (step / 8), y: second.y });
      await this.send('touchMove', fingers);
    }
    await this.send('touchEnd', new Map());
  }
}
