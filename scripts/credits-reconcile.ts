// `npm run credits:reconcile`: compare every user's balance in their UserAccount Durable Object
// with the Postgres ledger and repair the object from the ledger, through the admin endpoint of
// a running API (local or deployed).
//   API_URL=https://api.firstlook.app ADMIN_TOKEN=... npm run credits:reconcile
//   API_URL=... ADMIN_TOKEN=... npm run credits:reconcile -- <userId>
const apiUrl = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const token = process.env.ADMIN_TOKEN;
if (!token) {
  console.error("ADMIN_TOKEN is not set (it must match the Worker's ADMIN_TOKEN secret).");
  process.exit(1);
}

interface Result {
  userId: string;
  before: number;
  ledger: number;
  repaired: boolean;
}

async function page(body: Record<string, unknown>): Promise<{ results: Result[]; next: string | null }> {
  const res = await fetch(`${apiUrl}/v1/admin/credits/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as { results: Result[]; next: string | null };
}

let checked = 0;
let repaired = 0;
const userId = process.argv[2];
let after: string | null | undefined;
do {
  const { results, next } = await page(userId ? { userId } : { limit: 100, ...(after ? { after } : {}) });
  for (const r of results) {
    checked++;
    if (r.repaired) {
      repaired++;
      console.log(`repaired ${r.userId}: object had ${r.before}, ledger says ${r.ledger}`);
    }
  }
  after = next;
} while (after);
console.log(`checked ${checked} account(s), repaired ${repaired}`);
export {};
