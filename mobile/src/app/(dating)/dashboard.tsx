export { DashboardScreen as default } from "../../features/dating/DashboardScreen";
