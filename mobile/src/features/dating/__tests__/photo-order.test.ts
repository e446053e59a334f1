import { moveItem, nearestSlot } from "../PhotoOrder";

describe("moving a photo", () => {
  it("moves an item to a new position, clamping out-of-range targets", () => {
    expect(moveItem(["a", "b", "c", "d"], 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveItem(["a", "b", "c", "d"], 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveItem(["a", "b", "c"], 1, 99)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 1, -5)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b"], 7, 0)).toEqual(["a", "b"]);
  });

  it("drops on the slot whose centre is nearest, across wrapped rows", () => {
    // Three slots on a first row, one on the second (88 x 110 thumbnails, 8 px gaps).
    const slots = [
      { x: 0, y: 0, width: 88, height: 140 },
      { x: 96, y: 0, width: 88, height: 140 },
      { x: 192, y: 0, width: 88, height: 140 },
      { x: 0, y: 148, width: 88, height: 140 },
    ];
    expect(nearestSlot(slots, { x: 44, y: 70 })).toBe(0);
    expect(nearestSlot(slots, { x: 44 + 100, y: 70 + 10 })).toBe(1); // dragged 100 px right: the next slot
    expect(nearestSlot(slots, { x: 44 + 150, y: 70 })).toBe(2); // 150 px: past the middle of the next one
    expect(nearestSlot(slots, { x: 240, y: 60 })).toBe(2);
    expect(nearestSlot(slots, { x: 30, y: 230 })).toBe(3);
    expect(nearestSlot([undefined, slots[1]], { x: 0, y: 0 })).toBe(1);
    expect(nearestSlot([], { x: 0, y: 0 })).toBe(-1);
  });
});
