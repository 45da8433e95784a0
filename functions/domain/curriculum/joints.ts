/**
 * Copy for joint and bone areas (coaching-facts.md, Training load: `practice`; standard clinical red
 * flags): pain there is never read as muscle soreness, so it gets a check specific to the area
 * instead of a "that's normal" line; and the question that turns lasting soreness into a red flag.
 */
import { isJointArea } from "../plan/index.js";
import type { SoreArea } from "../profile.js";
import { areaName, listOf } from "../personalise/index.js";
import type { Section } from "./types.js";
import { callout, claim, note } from "./types.js";

/** The check for each joint or bone area, in plain words. */
export const JOINT_CHECKS: Readonly<Partial<Record<SoreArea, string>>> = {
  shins: "Shins: press along the bone. Pain in one spot on the bone, or pain when you hop on that leg, is a stress-fracture warning.",
  knees: "Knees: pain inside the joint, swelling, or a knee that locks or catches needs a physio or doctor, not more running.",
  ankles: "Ankles and Achilles: stiffness at the back of the heel first thing in the morning is an early tendon warning.",
  feet: "Feet: pain in one spot on a bone of the foot, or pain that's worse with every step, is a stress-fracture warning.",
  hips: "Hips: pain deep in the hip or groin, pain at night, or a limp needs a physio or doctor.",
  "lower-back": "Lower back: pain that spreads down a leg, or numbness or tingling, needs a physio or doctor.",
};

/** The joint or bone areas among these, in contract order. */
export const jointAreas = (areas: readonly SoreArea[]): SoreArea[] => areas.filter(isJointArea);

/**
 * The checks for the joint or bone areas the runner named, or null when none is: "if any of these,
 * stop running and get it checked".
 */
export const jointChecks = (areas: readonly SoreArea[]): Section | null => {
  const joints = jointAreas(areas);
  if (joints.length === 0) return null;
  return claim(
    ["practice"],
    callout(
      "caution",
      `Your ${listOf(joints.map(areaName))}: a quick check`,
      `Pain in your ${listOf(joints.map(areaName))} can come from a joint, a bone or a tendon, not just muscle, so we don't assume it's ordinary soreness. If any of these fit, stop running and get it checked:`,
      joints.map((a) => JOINT_CHECKS[a] ?? ""),
    ),
  );
};

/**
 * After two high check-ins in a row: does it last more than 3 days? A yes is the `persistent` red
 * flag, so the sentence we ask for is one the reply parser reads as that flag.
 */
export const persistentQuestion = (): Section =>
  note(
    callout(
      "caution",
      "Has it lasted more than 3 days?",
      "Soreness that lasts more than about 3 days, or gets worse instead of easing, is a sign to stop running and get it checked. If that's you, reply with \u201cit has lasted more than 3 days\u201d and we'll pause your plan while you see a physio or sports doctor.",
    ),
  );
