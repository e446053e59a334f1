export { CreditsScreen as default } from "../../features/billing/CreditsScreen";
