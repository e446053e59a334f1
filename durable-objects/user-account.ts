// One per user: the serialization point for the credit balance and entitlement.
// Declared now so the binding and its SQLite migration exist; the ledger logic lands with the
// credits work (see the open issue "Credits, purchases and subscriptions").
import { DurableObject } from "cloudflare:workers";

export class UserAccount extends DurableObject {}
