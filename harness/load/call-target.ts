import type { PhoneFleet } from '../softphone/phone-fleet.ts';

/** A registered phone to call: its softphone number is its name in the fleet. */
export interface CallTarget {
  sipAccount: string;
  fleet: PhoneFleet;
}

/** The phones' names by the page (fleet) that holds them, to drive each page in one batch. */
export function groupByFleet(targets: readonly CallTarget[]): Map<PhoneFleet, string[]> {
  const groups = new Map<PhoneFleet, string[]>();
  for (const t of targets) {
    const names = groups.get(t.fleet) ?? [];
    names.push(t.sipAccount);
    groups.set(t.fleet, names);
  }
  return groups;
}
