export { AnalysisScreen as default } from "../../features/dating/AnalysisScreen";
