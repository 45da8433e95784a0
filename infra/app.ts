import { App } from "aws-cdk-lib";
import { buildLegwork } from "./legwork.js";

// The CDK entry point (cdk.json "app"). Operator settings: the "legwork" context in cdk.json.
buildLegwork(new App());
