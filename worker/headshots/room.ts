// The Worker's handle on a generation's GenerationRoom Durable Object: one room per generation,
// addressed by the generation's id. Every caller goes through here, so the address is spelled once.
import type { Env } from "../env";

export function generationRoom(env: Pick<Env, "GENERATION">, generationId: string) {
  return env.GENERATION.get(env.GENERATION.idFromName(generationId));
}
