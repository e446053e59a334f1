// Whether the device has a network. Unknown counts as online: the request itself will tell.
import { useNetworkState } from "expo-network";

export function useOnline(): boolean {
  const state = useNetworkState();
  return state?.isConnected !== false && state?.isInternetReachable !== false;
}
