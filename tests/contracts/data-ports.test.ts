import { checkinRepositoryContract } from "./checkins.contract.js";
import { dueContract } from "./due.contract.js";
import { ENGINES } from "./engines.js";
import { runnerRepositoryContract } from "./runners.contract.js";
import { subscriberAdminContract } from "./subscribers.contract.js";

// Each data port's contract, against the in-memory fake and the DynamoDB adapter alike.
for (const [name, make] of ENGINES) {
  runnerRepositoryContract(name, make);
  subscriberAdminContract(name, make);
  dueContract(name, make);
  checkinRepositoryContract(name, make);
}
