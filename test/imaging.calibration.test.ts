// Measures every calibration fixture and prints one JSON line for scripts/calibrate-imaging.ts,
// which turns it into bench/IMAGING-CALIBRATION.md. Runs only with IMAGING_REPORT=calibration
// (a binding set in vitest.config.ts); the assertions on the same fixtures live in imaging.test.ts.
import { env } from "cloudflare:test";
import { it } from "vitest";
import { analyzePhoto } from "../worker/imaging/analyze";
import { IMAGING_THRESHOLDS } from "../worker/imaging/thresholds";
import { calibrationFixtures, fixture, labels } from "./fixtures/photos/fixtures";

const report = (env as unknown as Record<string, string | undefined>).IMAGING_REPORT;

it.skipIf(report !== "calibration")("measures the calibration fixtures", async () => {
  const rows = [];
  for (const name of calibrationFixtures) {
    const f = await analyzePhoto(fixture(name));
    // Every candidate the detector scores >= 0.1, to place the face-confidence threshold.
    const loose = await analyzePhoto(fixture(name), { thresholds: { ...IMAGING_THRESHOLDS, faceMinConfidence: 0.1 } });
    const p = f.faces.primary;
    rows.push({
      name,
      expected: labels[name]!.defects,
      flagged: f.defects,
      facesExpected: labels[name]!.faces,
      faces: f.faces.count,
      confidences: loose.faces.items.map((x) => x.confidence).sort((a, b) => b - a),
      size: `${f.source.width}x${f.source.height}`,
      meanLuminance: f.exposure.meanLuminance,
      shadowsClipped: f.exposure.shadowsClipped,
      highlightsClipped: f.exposure.highlightsClipped,
      rms: f.contrast.rms,
      laplacian: f.sharpness.laplacianVariance,
      laplacianDenoised: f.sharpness.laplacianVarianceDenoised,
      faceLaplacian: f.sharpness.face?.laplacianVariance ?? null,
      relative: f.sharpness.relative,
      faceRelative: f.sharpness.face?.relative ?? null,
      p05: f.exposure.p05,
      p95: f.exposure.p95,
      noise: f.noise.sigma,
      noiseGlobal: f.noise.sigmaGlobal,
      castChroma: f.color.castChroma,
      castAB: [f.color.castA, f.color.castB],
      faceWidth: p?.widthFraction ?? null,
      roll: p?.rollDegrees ?? null,
      eyeLine: p?.eyeLineHeight ?? null,
    });
  }
  console.log(`IMAGING_REPORT ${JSON.stringify(rows)}`);
});
