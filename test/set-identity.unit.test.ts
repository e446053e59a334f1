// The rules that find the user in a dating photo set (worker/domain/set-identity.ts), on
// synthetic embeddings: the recurring face is the user, per photo which face and where, photos
// without the user, and the cases where it is hard to tell.
import { describe, expect, it } from "vitest";
import { findUser, positionName, type SetFace } from "../worker/domain/set-identity";

/** A unit vector along axis k of 8, nudged by `jitter` on the next axis (cosine ~1 - jitter^2/2). */
const person = (k: number, jitter = 0) => {
  const v = new Array(8).fill(0);
  v[k] = 1;
  v[(k + 1) % 8] = jitter;
  return v;
};
const face = (embedding: number[] | null, centerX = 0.5): SetFace => ({ embedding, centerX });

describe("findUser", () => {
  it("takes the face that recurs across photos as the user and says where they are in a group", () => {
    const you = person(0);
    const set = [[face(you)], [face(person(0, 0.05))], [face(person(1), 0.2), face(person(0, 0.1), 0.5), face(person(2), 0.8)]];
    const r = findUser(set);
    expect(r.found).toBe(true);
    expect(r.photosWithUser).toBe(3);
    expect(r.photos[0]).toMatchObject({ presence: "solo", faceIndex: 0, message: null });
    expect(r.photos[2]).toMatchObject({ presence: "in_group", faceIndex: 1, position: "in the middle" });
    expect(r.photos[2]!.message).toBe("You are in the middle (3 people in this photo).");
  });

  it("uses left-to-right order, not detection order, for the position", () => {
    const set = [[face(person(0))], [face(person(0))], [face(person(3), 0.9), face(person(0), 0.1), face(person(4), 0.4), face(person(5), 0.6)]];
    expect(findUser(set).photos[2]).toMatchObject({ presence: "in_group", faceIndex: 1, position: "left" });
  });

  it("flags a photo where the user is absent, and one with no face at all", () => {
    const set = [[face(person(0))], [face(person(0, 0.05))], [face(person(3))], []];
    const r = findUser(set);
    expect(r.photos[2]).toMatchObject({ presence: "absent", faceIndex: null });
    expect(r.photos[2]!.message).toMatch(/not in this photo/);
    expect(r.photos[3]).toMatchObject({ presence: "absent" });
  });

  it("says it is hard to tell when the faces are too small to compare, or two faces look like the user", () => {
    const small = [[face(person(0))], [face(person(0))], [face(null, 0.3), face(person(5), 0.7)]];
    expect(findUser(small).photos[2]).toMatchObject({ presence: "unclear", faceIndex: null });
    expect(findUser(small).photos[2]!.message).toMatch(/hard to tell which one is you/);
    // A face just under the threshold (a blown-out photo of the user) is not called "absent".
    expect(findUser([[face(person(0))], [face(person(0))], [face(person(0, 0.35))]]).photos[2]).toMatchObject({ presence: "unclear" });
    const twins = [[face(person(0))], [face(person(0))], [face(person(0, 0.01), 0.3), face(person(0, 0.02), 0.7)]];
    expect(findUser(twins).photos[2]).toMatchObject({ presence: "unclear" });
  });

  it("does not guess when no face recurs: every photo with faces is unknown", () => {
    const r = findUser([[face(person(0))], [face(person(1))], [face(person(2)), face(person(3))]]);
    expect(r.found).toBe(false);
    expect(r.photos.map((p) => p.presence)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("breaks a tie between two recurring faces by solo photos", () => {
    const set = [[face(person(4), 0.3), face(person(0), 0.7)], [face(person(4), 0.2), face(person(0), 0.8)], [face(person(0))]];
    const twoEach = [[face(person(4), 0.3), face(person(0), 0.7)], [face(person(4), 0.2), face(person(0), 0.8)], [face(person(4))], [face(person(6))]];
    expect(findUser(set).photos[0]).toMatchObject({ presence: "in_group", position: "right" });
    // Both recur in 2 group photos; the friend's third (solo) photo decides... for the friend.
    expect(findUser(twoEach).photos[0]).toMatchObject({ presence: "in_group", position: "left" });
  });

  it("never links two faces of the same photo: a group photo alone names no user", () => {
    expect(findUser([[face(person(0), 0.2), face(person(0, 0.01), 0.8)]]).found).toBe(false);
  });

  it("takes the face seen in the most photos, not a friend who recurs in fewer", () => {
    const friend = person(4);
    const set = [[face(person(0))], [face(friend, 0.3), face(person(0), 0.7)], [face(friend, 0.2), face(person(6), 0.8)], [face(person(0))]];
    const r = findUser(set);
    expect(r.photos[1]).toMatchObject({ presence: "in_group", faceIndex: 1, position: "right" });
    expect(r.photos[2]).toMatchObject({ presence: "absent" });
  });
});

describe("positionName", () => {
  it("names places left to right", () => {
    expect([0, 1, 2].map((i) => positionName(i, 3))).toEqual(["left", "in the middle", "right"]);
    expect([0, 1, 2, 3].map((i) => positionName(i, 4))).toEqual(["left", "second from left", "second from right", "right"]);
    expect(positionName(2, 7)).toBe("third from left");
    expect(positionName(0, 1)).toBe("the only face");
  });
});
