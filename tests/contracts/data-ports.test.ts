import { checkinRepositoryContract } from "./checkins.contract.js";
import { dueContract } from "./due.contract.js";
import { ENGINES } from "./engines.js";
import { smallStoresContract } from "./operator.contract.js";
import { MemoryRateLimiter } from "../support/fakes/memory-runners.js";
import { MemoryOperatorStore, MemoryReplySeen } from "../support/fakes/memory-operator.js";
import { testDeps } from "../support/stack.js";
import { runnerRepositoryContract } from "./runners.contract.js";
import { subscriberAdminContract } from "./subscribers.contract.js";

// Each data port's contract, against the in-memory fake and the DynamoDB adapter alike.
for (const [name, make] of ENGINES) {
  runnerRepositoryContract(name, make);
  subscriberAdminContract(name, make);
  dueContract(name, make);
  checkinRepositoryContract(name, make);
}

smallStoresContract("memory", async () => ({
  operator: new MemoryOperatorStore(),
  replySeen: new MemoryReplySeen(),
  rateLimiter: new MemoryRateLimiter(),
}));
smallStoresContract("dynamodb", () => testDeps());
