// Who is the user in a dating photo set? Pure rules over face embeddings (one per face big enough
// to embed, from the vision Worker): the user's own face is the one that recurs across their
// photos. Faces are linked across photos at cosine >= LIKENESS_THRESHOLD (imaging/identity.ts);
// the identity seen in the most photos (at least two) is the user. Then, per photo: which face is
// the user and where it is ("second from left"), or that the user is not in it, or that it is
// hard to tell (the user's face is too small to compare, or two faces both look like the user).
// Faces of one photo are never linked to each other: they are different people.
import { cosineSimilarity, LIKENESS_THRESHOLD } from "../imaging/identity";

/** One detected face: its embedding (null when too small to embed reliably) and box centre. */
export interface SetFace {
  embedding: ArrayLike<number> | null;
  /** Box centre x as a fraction of the frame width (0 = left edge). */
  centerX: number;
}

export const userPresences = ["solo", "in_group", "absent", "unclear", "unknown"] as const;
/**
 * solo: the user is the only face; in_group: the user is one of several faces (`faceIndex`,
 * `position`); absent: the user is not in the photo; unclear: a face may be the user but we
 * cannot tell which; unknown: the set does not show who the user is (no face recurs).
 */
export type UserPresence = (typeof userPresences)[number];

export interface UserInPhoto {
  presence: UserPresence;
  /** Index into the photo's faces (features.faces.items) of the user's face. */
  faceIndex: number | null;
  /** Where the user is among the faces, left to right as the viewer sees it. */
  position: string | null;
  /** One sentence for the user; null for a clear solo photo. */
  message: string | null;
}

/**
 * "Not in this photo" only when every face scores this far under the threshold: a degraded photo
 * of the user (blown out, blurred) scores a little under it and is "hard to tell" instead.
 */
export const ABSENT_MARGIN = 0.03;

/** Another face of the same photo this close to the user's match makes it ambiguous. */
export const AMBIGUITY_MARGIN = 0.01;

const ORDINALS = ["", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];

/** "left", "second from left", "in the middle", "second from right", "right" for rank i of n (0 = leftmost). */
export function positionName(i: number, n: number): string {
  if (n <= 1) return "the only face";
  if (n % 2 === 1 && i === (n - 1) / 2) return "in the middle";
  if (i === 0) return "left";
  if (i === n - 1) return "right";
  const fromRight = n - 1 - i;
  return i <= fromRight ? `${ORDINALS[i] ?? `${i + 1}th`} from left` : `${ORDINALS[fromRight] ?? `${fromRight + 1}th`} from right`;
}

export interface SetIdentity {
  /** True when some face recurs across at least two photos: that identity is the user. */
  found: boolean;
  /** Photos the user's face was seen in. */
  photosWithUser: number;
  photos: UserInPhoto[];
}

export function findUser(photos: SetFace[][], threshold = LIKENESS_THRESHOLD): SetIdentity {
  // Union-find over every embeddable face, linked across photos.
  const nodes: { photo: number; face: number; e: ArrayLike<number> }[] = [];
  for (const [p, faces] of photos.entries()) for (const [i, f] of faces.entries()) if (f.embedding) nodes.push({ photo: p, face: i, e: f.embedding });
  const parent = nodes.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let a = 0; a < nodes.length; a++)
    for (let b = a + 1; b < nodes.length; b++) if (nodes[a]!.photo !== nodes[b]!.photo && cosineSimilarity(nodes[a]!.e, nodes[b]!.e) >= threshold) parent[root(a)] = root(b);

  // The user: the identity in the most photos (>= 2); ties go to more solo photos, then the earliest.
  const clusters = new Map<number, number[]>();
  for (let i = 0; i < nodes.length; i++) clusters.set(root(i), [...(clusters.get(root(i)) ?? []), i]);
  let user: number[] | null = null;
  let best = [0, -1, 0];
  for (const members of clusters.values()) {
    const inPhotos = new Set(members.map((m) => nodes[m]!.photo));
    if (inPhotos.size < 2) continue;
    const solo = [...inPhotos].filter((p) => photos[p]!.length === 1).length;
    const key = [inPhotos.size, solo, -Math.min(...inPhotos)];
    if (key[0]! > best[0]! || (key[0] === best[0] && (key[1]! > best[1]! || (key[1] === best[1] && key[2]! > best[2]!)))) {
      best = key;
      user = members;
    }
  }

  const result = photos.map((faces, p): UserInPhoto => {
    if (faces.length === 0) return { presence: "absent", faceIndex: null, position: null, message: "You are not in this photo: no face was found." };
    if (!user) return { presence: "unknown", faceIndex: null, position: null, message: null };
    // How much each face of this photo looks like the user's face in the other photos.
    const refs = user.filter((m) => nodes[m]!.photo !== p).map((m) => nodes[m]!.e);
    const scores = faces.map((f) => (f.embedding && refs.length ? Math.max(...refs.map((r) => cosineSimilarity(f.embedding!, r))) : -1));
    const mine = user.filter((m) => nodes[m]!.photo === p).map((m) => nodes[m]!.face);
    const tooSmall = faces.some((f) => !f.embedding);
    if (mine.length === 0) {
      return tooSmall || Math.max(...scores) >= threshold - ABSENT_MARGIN
        ? { presence: "unclear", faceIndex: null, position: null, message: "It is hard to tell which one is you: no face here clearly matches your other photos." }
        : { presence: "absent", faceIndex: null, position: null, message: "You are not in this photo: none of its faces matches the face in your other photos." };
    }
    const index = mine.reduce((a, b) => (scores[b]! > scores[a]! ? b : a));
    const rivals = scores.filter((s, i) => i !== index && s >= scores[index]! - AMBIGUITY_MARGIN && s >= threshold - AMBIGUITY_MARGIN);
    if (faces.length === 1) return { presence: "solo", faceIndex: index, position: null, message: null };
    const byX = faces.map((f, i) => ({ i, x: f.centerX })).sort((a, b) => a.x - b.x || a.i - b.i);
    const position = positionName(
      byX.findIndex((f) => f.i === index),
      faces.length,
    );
    if (rivals.length || mine.length > 1) {
      return { presence: "unclear", faceIndex: null, position: null, message: "It is hard to tell which one is you: more than one face looks like you." };
    }
    return {
      presence: "in_group",
      faceIndex: index,
      position,
      message: `You are ${position === "left" || position === "right" ? `on the ${position}` : position} (${faces.length} people in this photo).`,
    };
  });
  return { found: user !== null, photosWithUser: result.filter((r) => r.presence === "solo" || r.presence === "in_group").length, photos: result };
}
