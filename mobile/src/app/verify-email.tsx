export { VerifyEmailScreen as default } from "../features/auth/EmailLinkScreens";
