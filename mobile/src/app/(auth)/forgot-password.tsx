export { ForgotPasswordScreen as default } from "../../features/auth/EmailLinkScreens";
