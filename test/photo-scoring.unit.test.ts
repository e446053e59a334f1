// Pure scoring and set rules on hand-built feature sets (the imaging core's own tests cover
// measuring real photos; test/analyses.test.ts covers the two together).
import { describe, expect, it } from "vitest";
import { FEATURES_VERSION, type PhotoFeatures } from "../worker/imaging/features";
import { judgeFace } from "../worker/imaging/landmarks";
import { detectDefects } from "../worker/imaging/thresholds";
import { SEVERE_CAPS, scorePhoto } from "../worker/domain/photo-scoring";
import { rankPersonFirst, recommendSet, type SetPhoto } from "../worker/domain/photo-set";
import type { VisionJudgement } from "../worker/domain/photo-judgement";

type Overrides = {
  mean?: number;
  highlights?: number;
  faceSharp?: number | null;
  frameSharp?: number;
  sigma?: number;
  faces?: number;
  body?: PhotoFeatures["body"];
  objects?: PhotoFeatures["objects"];
  background?: PhotoFeatures["background"];
  faceWidth?: number;
  roll?: number;
  shortSide?: number;
  cast?: number;
  orientation?: "portrait" | "landscape" | "square";
};

function features(o: Overrides = {}): PhotoFeatures {
  const faces = o.faces ?? 1;
  const w = o.faceWidth ?? 0.3;
  const face = {
    box: { x: 100, y: 100, width: w * 800, height: w * 900 },
    confidence: 0.95,
    landmarks: null,
    attributes: null,
    keypoints: { rightEye: { x: 0, y: 0 }, leftEye: { x: 0, y: 0 }, noseTip: { x: 0, y: 0 }, mouth: { x: 0, y: 0 }, rightEar: { x: 0, y: 0 }, leftEar: { x: 0, y: 0 } },
  };
  const base = {
    version: FEATURES_VERSION,
    source: { type: "jpeg" as const, width: 800, height: 1000, orientation: 1, bytes: 100_000 },
    resolution: { megapixels: 0.8, shortSide: o.shortSide ?? 800, aspectRatio: 0.8, orientation: o.orientation ?? ("portrait" as const) },
    working: { width: 410, height: 512 },
    exposure: { meanLuminance: o.mean ?? 0.5, shadowsClipped: 0.01, highlightsClipped: o.highlights ?? 0.01, p05: 0.1, p50: 0.5, p95: 0.9 },
    contrast: { rms: 0.2 },
    sharpness: {
      laplacianVariance: 400,
      laplacianVarianceDenoised: 400,
      relative: o.frameSharp ?? 0.12,
      face: faces ? { laplacianVariance: 300, relative: o.faceSharp === undefined ? 0.16 : (o.faceSharp as number) } : null,
    },
    noise: { sigma: o.sigma ?? 0.6, sigmaGlobal: 2 },
    color: { castA: 0, castB: o.cast ?? 2, castChroma: o.cast ?? 2, meanA: 0, meanB: 0 },
    faces: {
      count: faces,
      items: Array.from({ length: faces }, () => face),
      primary: faces ? { index: 0, areaFraction: w * w, widthFraction: w, centerX: 0.5, centerY: 0.4, thirdsDistance: 0.05, rollDegrees: o.roll ?? 2, eyeLineHeight: 0.35 } : null,
      detector: { model: "test", backend: "cpu", inputSize: 128, minConfidence: 0.65, search: "frame" as const, tiles: 0, rechecks: 0, fallback: null },
    },
    body: o.body ?? null,
    objects: o.objects ?? null,
    background: o.background ?? null,
    faceEmbeddings: null,
    fingerprint: "0000000000000000",
    thresholdsVersion: "test",
    timings: { decodeMs: 0, resizeMs: 0, facesMs: 0, poseMs: 0, objectsMs: 0, metricsMs: 0, totalMs: 0 },
  };
  return { ...base, defects: detectDefects(base) };
}

/** A frontal, smiling face looking into the camera, bare eyes: the landmarks of the clean portrait, rounded. */
const SMILING_LANDMARKS = {
  faceScore: 1,
  pose: { yawDegrees: 3, pitchDegrees: -8, rollDegrees: 2 },
  eyes: { rightAspect: 0.33, leftAspect: 0.34 },
  mouth: { openness: 0.17, widthToEyes: 0.7, cornerLift: 0.13 },
  gaze: { x: 0.02, y: 0 },
  eyeRegion: { lumaRatio: 0.8, contrast: 0.35 },
};

const judgement = (over: Partial<VisionJudgement> = {}): VisionJudgement => ({
  photoType: "close_up",
  expression: "genuine_smile",
  eyeContact: "with_camera",
  sunglasses: false,
  hat: false,
  heavyFilter: false,
  setting: "park in daylight",
  outfit: "casual shirt",
  approachability: 8,
  impressions: { smart: { score: 7, why: "tidy" }, trustworthy: { score: 8, why: "open smile" }, attractive: { score: 7, why: "good light" } },
  topFix: "Try a slightly wider crop to show your shoulders.",
  ...over,
});

describe("scorePhoto", () => {
  it("a clean solo portrait scores well, with reasons and no fixes but the model's tip", () => {
    const s = scorePhoto(features(), judgement());
    expect(s.overall).toBeGreaterThanOrEqual(80);
    expect(s.clearSoloFace).toBe(true);
    expect(s.suggestions.map((x) => x.code)).toEqual(["model_tip"]);
    for (const d of Object.values(s.detailed)) expect(d.reason.length).toBeGreaterThan(5);
  });

  it("each defect lowers the score and produces a concrete fix with the measured number", () => {
    const clean = scorePhoto(features()).overall;
    const cases: [Overrides, string, RegExp][] = [
      [{ mean: 0.12 }, "too_dark", /12%/],
      [{ highlights: 0.3, mean: 0.8 }, "overexposed", /30%/],
      [{ faceSharp: 0.01 }, "blurry", /focus/],
      [{ sigma: 4 }, "noisy", /4\.0/],
      [{ faceWidth: 0.04 }, "face_too_small", /4% of the frame width/],
      [{ roll: 30 }, "head_tilted", /30°/],
      [{ cast: 25 }, "color_cast", /yellow-orange/],
      [{ shortSide: 300 }, "low_resolution", /MP/],
    ];
    for (const [o, code, text] of cases) {
      const s = scorePhoto(features(o));
      expect(s.overall, code).toBeLessThan(clean);
      const fix = s.suggestions.find((x) => x.code === code);
      expect(fix, code).toBeDefined();
      expect(fix!.message).toMatch(text);
    }
  });

  it("without the vision model or a readable face, expression, eye contact and impression are null and say so; style is measured", () => {
    const s = scorePhoto(features());
    expect(s.judgedBy).toBe("local");
    for (const key of ["expression", "eyeContact", "impression"] as const) {
      expect(s.detailed[key].score).toBeNull();
      expect(s.detailed[key].reason).toContain("vision model");
    }
    expect(s.detailed.styleAndSetting).toMatchObject({ source: "local" });
    expect(s.detailed.styleAndSetting.score).not.toBeNull();
    expect(s.overall).toBeGreaterThan(0);
  });

  it("sunglasses seen on the landmarks: eye contact unknown and scored low, a fix, and the photo cannot lead", () => {
    const f = features();
    const landmarks = { ...SMILING_LANDMARKS, eyeRegion: { lumaRatio: 0.16, contrast: 0.02 } };
    const attributes = judgeFace(landmarks);
    expect(attributes).toMatchObject({ sunglasses: true, eyeContact: null, expression: "happy" });
    const s = scorePhoto({ ...f, faces: { ...f.faces, items: [{ ...f.faces.items[0]!, landmarks, attributes }] } });
    expect(s.detailed.eyeContact).toMatchObject({ score: 30, source: "local" });
    expect(s.suggestions.filter((x) => x.code === "sunglasses")).toHaveLength(1);
    expect(s.clearSoloFace).toBe(false);
    expect(s.detailed.impression.reason).toMatch(/sunglasses over your eyes/);
    const bare = scorePhoto({
      ...f,
      faces: {
        ...f.faces,
        items: [
          {
            ...f.faces.items[0]!,
            landmarks: { ...landmarks, eyeRegion: { lumaRatio: 0.7, contrast: 0.3 } },
            attributes: judgeFace({ ...landmarks, eyeRegion: { lumaRatio: 0.7, contrast: 0.3 } }),
          },
        ],
      },
    });
    expect(bare.clearSoloFace).toBe(true);
  });

  const bg = (detail: number, subjectDetail: number) => ({ detail, subjectDetail, share: 0.6 });
  const object = (label: string, category: string, score = 0.6) =>
    ({ label, category, score, box: { x: 0, y: 0, width: 10, height: 10 } }) as NonNullable<PhotoFeatures["objects"]>["items"][number];
  const scene = (...items: ReturnType<typeof object>[]) => ({ items, model: "test", minScore: 0.45 });

  it("style and setting: a calm background scores above a busy one, which gets a fix; noise is not detail", () => {
    const calm = scorePhoto(features({ background: bg(4, 12) }));
    const busy = scorePhoto(features({ background: bg(14, 12) }));
    expect(calm.detailed.styleAndSetting.score!).toBeGreaterThan(busy.detailed.styleAndSetting.score!);
    expect(calm.detailed.styleAndSetting.reason).toMatch(/calm background/);
    expect(busy.detailed.styleAndSetting.reason).toMatch(/busy background/);
    expect(busy.suggestions.map((x) => x.code)).toContain("busy_background");
    expect(calm.suggestions.map((x) => x.code)).not.toContain("busy_background");
    // The same gradients, mostly grain (sigma 4 adds ~9 levels to both): the background is not busy.
    const grainy = scorePhoto(features({ background: bg(14, 20), sigma: 4 }));
    expect(grainy.suggestions.map((x) => x.code)).not.toContain("busy_background");
  });

  it("style and setting: a pet or an activity with you is a plus and sets the photo type; a pet alone is not you", () => {
    const plain = scorePhoto(features({ faceWidth: 0.12, background: bg(8, 12), objects: scene() }));
    const withDog = scorePhoto(features({ faceWidth: 0.12, background: bg(8, 12), objects: scene(object("dog", "pet")) }));
    const surfing = scorePhoto(features({ faceWidth: 0.12, background: bg(8, 12), objects: scene(object("surfboard", "activity")) }));
    expect(withDog.detailed.styleAndSetting.score).toBe(plain.detailed.styleAndSetting.score! + 10);
    expect(withDog.detailed.styleAndSetting.reason).toMatch(/with a dog/);
    expect(withDog.photoType).toBe("pet");
    expect(surfing.photoType).toBe("activity");
    expect(surfing.detailed.styleAndSetting.reason).toMatch(/a surfboard shows what you do/);
    const catAlone = scorePhoto(features({ faces: 0, objects: scene(object("cat", "pet")) }));
    expect(catAlone.photoType).toBe("no_person");
    expect(catAlone.detailed.styleAndSetting.reason).toMatch(/A cat, but not you/);
    expect(catAlone.suggestions.map((x) => x.code)).toContain("pet_without_you");
    expect(catAlone.cap?.code).toBe("no_person");
  });

  it("expression and eye contact come from the face landmarks, locally, and beat the model's words", () => {
    const f = features();
    const landmarks = SMILING_LANDMARKS;
    const smiling = { ...f, faces: { ...f.faces, items: [{ ...f.faces.items[0]!, landmarks, attributes: judgeFace(landmarks) }] } };
    const s = scorePhoto(smiling);
    expect(s.detailed.expression).toMatchObject({ score: 90, source: "local" });
    expect(s.detailed.expression.reason).toContain("13%");
    expect(s.detailed.eyeContact).toMatchObject({ score: 90, source: "local" });
    // The impression is built from those measurements, and says what it cannot judge.
    expect(s.detailed.impression).toMatchObject({ source: "local" });
    expect(s.detailed.impression.score!).toBeGreaterThanOrEqual(80);
    expect(s.detailed.impression.reason).toMatch(/a smile, eye contact and good light/);
    expect(s.detailed.impression.reason).toMatch(/need the vision model/);
    const closedEyes = { ...landmarks, eyes: { rightAspect: 0.08, leftAspect: 0.09 } };
    const shut = scorePhoto({ ...f, faces: { ...f.faces, items: [{ ...f.faces.items[0]!, landmarks: closedEyes, attributes: judgeFace(closedEyes) }] } });
    expect(shut.detailed.impression.score!).toBeLessThan(s.detailed.impression.score! - 15);
    // With the model: the local measurement stays, the model's impression is added.
    const v = scorePhoto(smiling, judgement({ expression: "serious", eyeContact: "away" }));
    expect(v.detailed.expression.source).toBe("local");
    expect(v.detailed.eyeContact.source).toBe("local");
    expect(v.detailed.impression.source).toBe("vision");
    // Closed eyes: a local eyes_closed fix, once.
    const closedLandmarks = { ...landmarks, eyes: { rightAspect: 0.08, leftAspect: 0.09 } };
    const closed = { ...f, faces: { ...f.faces, items: [{ ...f.faces.items[0]!, landmarks: closedLandmarks, attributes: judgeFace(closedLandmarks) }] } };
    const c = scorePhoto(closed, judgement({ eyeContact: "eyes_closed" }));
    expect(c.detailed.eyeContact).toMatchObject({ score: 15, source: "local" });
    expect(c.suggestions.filter((x) => x.code === "eyes_closed")).toHaveLength(1);
    // A face turned away: the landmarks cannot read the expression, so the model's words count.
    const turned = { ...landmarks, pose: { ...landmarks.pose, yawDegrees: 60 } };
    const t = scorePhoto({ ...f, faces: { ...f.faces, items: [{ ...f.faces.items[0]!, landmarks: turned, attributes: judgeFace(turned) }] } }, judgement());
    expect(t.detailed.expression).toMatchObject({ score: 95, source: "vision" });
    expect(t.detailed.eyeContact).toMatchObject({ score: 60, source: "local" });
  });

  it("no face and group photos are flagged", () => {
    expect(scorePhoto(features({ faces: 0 })).suggestions[0]!.code).toBe("no_face");
    const group = scorePhoto(features({ faces: 3 }));
    expect(group.photoType).toBe("group");
    expect(group.clearSoloFace).toBe(false);
  });

  it("noise is judged from a 400 px short side up, above the calibrated level", () => {
    expect(features({ sigma: 1.0 }).defects).not.toContain("noisy");
    expect(features({ sigma: 1.3 }).defects).toContain("noisy");
    // At 150 px texture reads as grain: such a photo gets the low-resolution fix only.
    const small = features({ sigma: 1.3, shortSide: 150 });
    expect(small.defects).toContain("low_resolution");
    expect(small.defects).not.toContain("noisy");
    expect(scorePhoto(small).detailed.technicalQuality.reason).not.toContain("grain");
  });

  it("severe defects cap the overall score, with a reason that names the measurement", () => {
    const vision = judgement();
    const clean = scorePhoto(features(), vision);
    expect(clean.cap).toBeNull();
    const dark = scorePhoto(features({ mean: 0.08 }), vision);
    expect(dark.detailed.lighting.score).toBeLessThan(30);
    expect(dark.cap).toMatchObject({ code: "poor_light", limit: SEVERE_CAPS.poorLight });
    expect(dark.cap!.reason).toMatch(/^Lighting \d+\/100: the photo is too dark/);
    expect(dark.overall).toBeLessThanOrEqual(SEVERE_CAPS.poorLight);
    expect(dark.clearSoloFace).toBe(false);
    const blown = scorePhoto(features({ mean: 0.9, highlights: 0.4 }), vision);
    expect(blown.cap).toMatchObject({ code: "poor_light" });
    expect(blown.cap!.reason).toContain("too bright");
    const blurry = scorePhoto(features({ faceSharp: 0.01 }), vision);
    expect(blurry.cap).toMatchObject({ code: "out_of_focus", limit: SEVERE_CAPS.outOfFocus });
    expect(blurry.overall).toBeLessThanOrEqual(SEVERE_CAPS.outOfFocus);
    // The model finding a pet or a landscape lovely does not lift a photo without you.
    const pet = scorePhoto(features({ faces: 0 }), judgement({ photoType: "pet", approachability: 10 }));
    expect(pet.cap).toMatchObject({ code: "no_person", limit: SEVERE_CAPS.noPerson });
    expect(pet.overall).toBeLessThanOrEqual(SEVERE_CAPS.noPerson);
    // The lowest cap wins: dark and blurred is capped for the light.
    expect(scorePhoto(features({ mean: 0.08, faceSharp: 0.01 }), vision).cap!.code).toBe("poor_light");
  });

  it("sunglasses and closed eyes are not a lead photo", () => {
    const s = scorePhoto(features(), judgement({ sunglasses: true, eyeContact: "eyes_closed" }));
    expect(s.clearSoloFace).toBe(false);
    expect(s.suggestions[0]!.code).toBe("eyes_closed");
  });
});

describe("recommendSet", () => {
  const photo = (id: string, o: Overrides = {}, j?: Partial<VisionJudgement>, sha?: string): SetPhoto => ({
    id,
    score: scorePhoto(features(o), j ? judgement(j) : null),
    sha256: sha,
  });

  it("leads with the best clear solo face, keeps one group photo out of the first two, no-face last", () => {
    const set = [
      photo("group", { faces: 3 }),
      photo("landscape", { faces: 0 }),
      photo("solo-ok", { faceWidth: 0.16, mean: 0.3 }),
      photo("solo-best"),
      photo("group2", { faces: 2, mean: 0.45 }),
    ];
    const r = recommendSet(set, "tinder");
    expect(r.lead).toBe("solo-best");
    expect(r.order[0]).toBe("solo-best");
    expect(r.order.indexOf("group")).toBeGreaterThanOrEqual(2);
    expect(r.order.at(-1)).toBe("landscape");
    expect(r.drop.find((d) => d.id === "group2")!.code).toBe("extra_group");
    expect(r.missing.map((m) => m.code)).toEqual(expect.arrayContaining(["no_full_body", "too_many_group_photos"]));
  });

  it("never leads with a photo where the user is absent or not clearly solo, and drops photos without the user", () => {
    const set = [
      { ...photo("stranger"), user: "absent" as const },
      { ...photo("unclear", { faceWidth: 0.22 }), user: "unclear" as const },
      { ...photo("you", { faceWidth: 0.16, mean: 0.3 }), user: "solo" as const },
      { ...photo("group", { faces: 3 }), user: "in_group" as const },
    ];
    const r = recommendSet(set, "tinder");
    expect(r.lead).toBe("you");
    expect(r.order[0]).toBe("you");
    expect(r.drop.find((d) => d.id === "stranger")!.reason).toMatch(/not in this photo/);
    expect(r.order).not.toContain("stranger");
    // Only unclear photos of a clear face: no lead rather than a wrong one.
    const none = recommendSet([{ ...photo("a"), user: "unclear" as const }], "tinder");
    expect(none.lead).toBeNull();
    expect(none.missing.map((m) => m.code)).toContain("no_clear_solo_face");
  });

  it("keeps the best of near-copies (by fingerprint) and drops the others, naming the one kept", () => {
    const fp = (id: string, o: Overrides, fingerprint: string) => ({ ...photo(id, o), fingerprint });
    const set = [
      fp("edit", { mean: 0.3 }, "ffff0000ffff0000"), // the same shot, darker: scores lower
      fp("original", {}, "ffff0000ffff0001"), // 1 bit away
      fp("other", { faceWidth: 0.25 }, "00ff00ff00ff00ff"), // 32 bits away: a different photo
      fp("far-edit", {}, "ffff0000ffff07ff"), // 10 bits from "original": still a copy
    ];
    const r = recommendSet(set, "tinder");
    expect(r.order).toContain("original");
    expect(r.order).toContain("other");
    expect(r.drop.map((d) => d.id).sort()).toEqual(["edit", "far-edit"]);
    expect(r.drop.find((d) => d.id === "edit")!.reason).toMatch(/^Nearly the same as photo 2 \(\d+\/100\)/);
    expect(r.drop.map((d) => d.code)).toEqual(["near_copy", "near_copy"]);
    // Photos without a fingerprint (measured before it existed) are never called copies.
    expect(recommendSet([photo("a"), photo("b")], "tinder").drop).toEqual([]);
  });

  it("says when there is no clear solo face instead of inventing a lead", () => {
    const r = recommendSet([photo("a", { faces: 2 }), photo("b", { faceWidth: 0.05 })], "bumble");
    expect(r.lead).toBeNull();
    expect(r.missing[0]!.code).toBe("no_clear_solo_face");
  });

  it("drops duplicates and weak photos; respects each platform's photo count", () => {
    const many = Array.from({ length: 8 }, (_, i) => photo(`p${i}`, { faceWidth: 0.2 + i * 0.02 }));
    const withDup = [...many, photo("dup", {}, undefined, "same"), photo("dup2", {}, undefined, "same"), photo("dark", { mean: 0.05, faceSharp: 0.005 })];
    const bumble = recommendSet(withDup, "bumble");
    expect(bumble.order).toHaveLength(6);
    expect(bumble.drop.find((d) => d.id === "dup2")).toMatchObject({ code: "duplicate", reason: expect.stringContaining("twice") });
    expect(bumble.drop.find((d) => d.id === "dark")).toBeDefined();
    // Past Bumble's six: each one left out says so by its code.
    expect(bumble.drop.filter((d) => d.code === "over_limit")).toHaveLength(bumble.drop.length - 1);
    expect(recommendSet(withDup, "tinder").order).toHaveLength(9);
    const hinge = recommendSet(many.slice(0, 4), "hinge");
    expect(hinge.missing.find((m) => m.code === "need_more_photos")!.message).toContain("add 2 more");
  });

  it("a photo without you never scores above, nor is placed before, a photo of you", () => {
    const set = [photo("cat", { faces: 0 }, { photoType: "pet", approachability: 10 }), photo("you-blurry", { faceSharp: 0.01, mean: 0.3 }), photo("cup", { faces: 0 })];
    const ranked = rankPersonFirst(set);
    const you = ranked.find((p) => p.id === "you-blurry")!;
    expect(you).toBe(set[1]);
    for (const id of ["cat", "cup"]) {
      const p = ranked.find((x) => x.id === id)!;
      expect(p.score.overall).toBeLessThan(you.score.overall);
      expect(p.score.cap!.reason).toMatch(/can't see you/);
    }
    for (const platform of ["tinder", "bumble", "hinge"] as const) {
      const r = recommendSet(ranked, platform);
      expect(r.order[0], platform).toBe("you-blurry");
      expect(r.lead, platform).toBeNull();
    }
    // Only photos without anyone: nothing to hold them below, and still no lead.
    const alone = rankPersonFirst([photo("cat", { faces: 0 })]);
    expect(alone[0]!.score.cap!.code).toBe("no_person");
    expect(recommendSet(alone, "tinder").lead).toBeNull();
  });

  it("a pet counts as a photo of you only when you are in it", () => {
    const withYou = photo("dog-and-you", { faceWidth: 0.25 }, { photoType: "pet" });
    const dogAlone = photo("dog", { faces: 0 }, { photoType: "pet", approachability: 10 });
    const r = recommendSet(rankPersonFirst([dogAlone, withYou]), "tinder");
    expect(r.order).toEqual(["dog-and-you", "dog"]);
    expect(withYou.score.cap).toBeNull();
  });

  it("severe photos of you go after every sound one, and a group photo stays ahead of photos without you", () => {
    const set = [
      photo("dark", { mean: 0.08 }),
      photo("blurry", { faceSharp: 0.01 }),
      photo("cup", { faces: 0 }),
      photo("group", { faces: 3 }),
      photo("best"),
      photo("second", { faceWidth: 0.2, roll: 20 }),
      photo("third", { faceWidth: 0.18, cast: 20 }),
    ];
    for (const platform of ["tinder", "bumble", "hinge"] as const) {
      const r = recommendSet(rankPersonFirst(set), platform);
      const at = (id: string) => r.order.indexOf(id);
      expect(r.lead, platform).toBe("best");
      for (const severe of ["dark", "blurry"]) for (const ok of ["best", "second", "third"]) expect(at(ok), platform).toBeLessThan(at(severe));
      expect(at("group"), platform).toBeGreaterThanOrEqual(2);
      if (at("cup") >= 0) for (const you of ["dark", "blurry", "group"]) expect(at(you), platform).toBeLessThan(at("cup"));
    }
  });

  it("puts a full-body shot early and notices an all-selfie set", () => {
    const set = [
      photo("s1", {}, { photoType: "selfie" }),
      photo("s2", { faceWidth: 0.25 }, { photoType: "selfie" }),
      photo("s3", { faceWidth: 0.22 }, { photoType: "mirror_selfie" }),
    ];
    expect(recommendSet(set, "tinder").missing.map((m) => m.code)).toContain("all_selfies");
    const withBody = [...set, photo("body", { faceWidth: 0.16 }, { photoType: "full_body" })];
    expect(recommendSet(withBody, "tinder").order.indexOf("body")).toBe(2);
  });
});

describe("the body pose where no face is found", () => {
  const body = (framing: NonNullable<PhotoFeatures["body"]>["framing"]) => ({ framing, visible: framing === "none" ? 0 : 12, heightFraction: 0.6, keypoints: [], model: "test" });
  it("a person seen head to feet is a full-body shot, not a photo without you", () => {
    const s = scorePhoto(features({ faces: 0, body: body("full_body") }));
    expect(s.photoType).toBe("full_body");
    expect(s.cap?.code).not.toBe("no_person");
  });
  it("no face and no body is a photo without you, capped", () => {
    const s = scorePhoto(features({ faces: 0, body: body("none") }));
    expect(s.photoType).toBe("no_person");
    expect(s.cap?.code).toBe("no_person");
  });
  it("a small face with a full body seen is a full-body shot", () => {
    expect(scorePhoto(features({ faceWidth: 0.12, body: body("full_body") })).photoType).toBe("full_body");
    expect(scorePhoto(features({ faceWidth: 0.12, body: body("half_body") })).photoType).toBe("half_body");
  });
});
