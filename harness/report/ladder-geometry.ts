import type { Row } from './ladder-rows.ts';
import type { LaneId } from './lanes.ts';

/** Sizes of the drawing, in CSS pixels. Labels use an 11 px monospace font, so text width is predictable. */
export const geometry = {
  gutter: 84,
  laneGap: 188,
  charWidth: 6.7,
  rowHeight: {
    arrow: 26,
    exchange: 44,
    note: 26,
    polls: 26,
    step: 28,
    stepWithError: 44,
    gap: 22,
    omitted: 26,
  },
};

export interface Layout {
  lanes: readonly LaneId[];
  width: number;
  x(lane: LaneId): number;
}

export function layoutFor(lanes: readonly LaneId[]): Layout {
  const { gutter, laneGap } = geometry;
  const index = new Map(lanes.map((l, i) => [l, i]));
  return {
    lanes,
    width: gutter + lanes.length * laneGap,
    x: (lane) => gutter + laneGap / 2 + (index.get(lane) ?? 0) * laneGap,
  };
}

export function rowHeight(row: Row): number {
  const h = geometry.rowHeight;
  if (row.kind === 'step') return row.mark.error ? h.stepWithError : h.step;
  if (row.kind === 'exchange' && row.compact) return h.arrow;
  return h[row.kind];
}

/** How many label characters fit in a span of pixels. */
export function charsIn(px: number): number {
  return Math.max(0, Math.floor(px / geometry.charWidth));
}
