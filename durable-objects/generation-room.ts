// One per headshot generation: holds its live state and fans it out to WebSocket clients.
// Declared now so the binding and its SQLite migration exist; the behaviour lands with the
// headshot generation work (see the open issue "LinkedIn Headshot Generator").
import { DurableObject } from "cloudflare:workers";

export class GenerationRoom extends DurableObject {}
