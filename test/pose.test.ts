// The body pose model inside workerd: it tells a person apart from no one, and analyzePhoto runs it
// only where the face alone cannot say what the photo shows.
import { describe, expect, it } from "vitest";
import { analyzePhoto, POSE_BELOW_FACE_WIDTH } from "../worker/imaging/analyze";
import { decodeImage } from "../worker/imaging/decode";
import { bodyFraming, BODY_KEYPOINTS, detectPose } from "../worker/imaging/pose";
import { buildWorkingImage } from "../worker/imaging/working-image";
import { fixture } from "./fixtures/photos/fixtures";

const pose = async (name: string) => detectPose(buildWorkingImage(await decodeImage(fixture(name))));

describe("framing rule", () => {
  const with_ = (...names: string[]) => BODY_KEYPOINTS.map((name) => ({ name, score: names.includes(name) ? 0.8 : 0.05 }));
  it("needs a head or shoulders and three points to call it a person", () => {
    expect(bodyFraming(with_())).toBe("none");
    expect(bodyFraming(with_("leftKnee", "rightKnee", "leftAnkle"))).toBe("none");
    expect(bodyFraming(with_("nose", "leftEye", "rightEye"))).toBe("head_and_shoulders");
  });
  it("full body needs shoulders, hips and an ankle; hips or knees alone are half", () => {
    expect(bodyFraming(with_("nose", "leftShoulder", "rightShoulder", "leftHip", "leftAnkle"))).toBe("full_body");
    expect(bodyFraming(with_("nose", "leftShoulder", "rightShoulder", "leftHip", "leftKnee"))).toBe("half_body");
    expect(bodyFraming(with_("nose", "leftShoulder", "leftAnkle"))).toBe("head_and_shoulders");
  });
});

describe("MoveNet on the fixtures", () => {
  it("finds no one in photos without a person: a cat, a coffee cup, a rocket launch", async () => {
    for (const name of ["chelsea-cat.jpg", "coffee.jpg", "rocket-landscape.jpg"]) {
      const p = await pose(name);
      expect(p.framing, name).toBe("none");
      expect(p.visible, name).toBeLessThan(3);
    }
  });

  it("finds the person in a portrait, with head and shoulders where the face is", async () => {
    const p = await pose("astronaut.jpg");
    expect(p.framing).not.toBe("none");
    const nose = p.keypoints.find((k) => k.name === "nose")!;
    const shoulders = p.keypoints.filter((k) => k.name.endsWith("Shoulder"));
    // The astronaut's face is in the upper middle of the 512 px frame; shoulders lie below it.
    expect(nose.x).toBeGreaterThan(150);
    expect(nose.x).toBeLessThan(350);
    for (const s of shoulders) expect(s.y).toBeGreaterThan(nose.y);
  });

  it("finds a far-off person whose face is a few percent of the frame", async () => {
    for (const name of ["person-far.jpg", "astronaut-tiny-face.jpg"]) {
      const p = await pose(name);
      expect(p.framing, name).not.toBe("none");
      expect(p.heightFraction, name).toBeLessThan(0.3);
    }
  });
});

describe("analyzePhoto", () => {
  it("measures the body where no face fills the frame, and skips it for a portrait", async () => {
    const portrait = await analyzePhoto(fixture("astronaut.jpg"));
    expect(portrait.faces.primary!.widthFraction).toBeGreaterThanOrEqual(POSE_BELOW_FACE_WIDTH);
    expect(portrait.body).toBeNull();
    const far = await analyzePhoto(fixture("person-far.jpg"));
    expect(far.body?.framing).not.toBe("none");
    const cat = await analyzePhoto(fixture("chelsea-cat.jpg"));
    expect(cat.body?.framing).toBe("none");
  });
});
