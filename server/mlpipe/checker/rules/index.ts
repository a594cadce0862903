import type { Rule } from '../rule.js';
import { compareWithoutRegister } from './compareWithoutRegister.js';
import { registerTwice } from './registerTwice.js';
import { deterministicBackend } from './deterministicBackend.js';
import { driftStatisticKind } from './driftStatisticKind.js';
import { driftValues } from './driftValues.js';
import { duplicateDefinition } from './duplicateDefinition.js';
import { emptySplit } from './emptySplit.js';
import { emptyValidation } from './emptyValidation.js';
import { oneClassTraining } from './oneClassTraining.js';
import { lopsidedSplit, splitByTarget } from './lopsidedSplit.js';
import { gateNeverComputed } from './gateNeverComputed.js';
import { emptyWindow } from './emptyWindow.js';
import { featureCycle } from './featureCycle.js';
import { featureValue } from './featureValue.js';
import { fitOnAllData } from './fitOnAllData.js';
import { groupLeakage } from './groupLeakage.js';
import { hardCodedBaseline } from './hardCodedBaseline.js';
import { historyOutsideWindow } from './historyOutsideWindow.js';
import { implicitMissing } from './implicitMissing.js';
import { invalidValue } from './invalidValue.js';
import { keyCollision } from './keyCollision.js';
import { noGates } from './noGates.js';
import { noRetrain } from './noRetrain.js';
import { unknownDriftTarget } from './unknownDriftTarget.js';
import { unmonitoredServing } from './unmonitoredServing.js';
import { unusedDefault } from './unusedDefault.js';
import { unusedFeature } from './unusedFeature.js';
import { missingAttribute } from './missingAttribute.js';
import { missingDefaultMismatch } from './missingDefaultMismatch.js';
import { missingEveryRow } from './missingEveryRow.js';
import { nondeterministic } from './nondeterministic.js';
import { notPointInTime } from './notPointInTime.js';
import { reproData } from './reproData.js';
import { servingRedefinesFeature } from './servingRedefinesFeature.js';
import { serveDefaultType } from './serveDefaultType.js';
import { targetLeakage } from './targetLeakage.js';
import { targetTask } from './targetTask.js';
import { timeValues } from './timeValues.js';
import { timeIsTarget, timeSplit } from './timeSplit.js';
import { typeMismatch } from './typeMismatch.js';
import { unknownAttribute } from './unknownAttribute.js';
import { unknownBlock } from './unknownBlock.js';
import { unknownReference } from './unknownReference.js';
import { unknownTransform } from './unknownTransform.js';
import { unpinnedEnvironment } from './unpinnedEnvironment.js';
import { unseededModel } from './unseededModel.js';
import { unseededSplit } from './unseededSplit.js';
import { unseenCategory, unseenClass, untrainedVocabulary } from './unseenCategory.js';
import { unseenDefault } from './unseenDefault.js';
import { windowDefault } from './windowDefault.js';
import { labelVariants } from './labelVariants.js';
import { smallWindow } from './smallWindow.js';
import { windowHistory } from './windowHistory.js';

/** Every rule, in phase order (the checker sorts stably by phase). */
export const RULES: Rule[] = [
  unknownBlock,
  unknownAttribute,
  missingAttribute,
  windowHistory,
  timeSplit,
  timeIsTarget,
  duplicateDefinition,
  unknownReference,
  historyOutsideWindow,
  invalidValue,
  featureValue,
  unknownTransform,
  featureCycle,
  servingRedefinesFeature,
  unknownDriftTarget,
  driftStatisticKind,
  typeMismatch,
  keyCollision,
  compareWithoutRegister,
  registerTwice,
  deterministicBackend,
  serveDefaultType,
  targetTask,
  timeValues,
  emptySplit,
  emptyValidation,
  oneClassTraining,
  lopsidedSplit,
  splitByTarget,
  gateNeverComputed,
  targetLeakage,
  reproData,
  unseededSplit,
  unseededModel,
  unpinnedEnvironment,
  nondeterministic,
  hardCodedBaseline,
  missingDefaultMismatch,
  implicitMissing,
  missingEveryRow,
  driftValues,
  notPointInTime,
  fitOnAllData,
  unseenCategory,
  unseenClass,
  untrainedVocabulary,
  unseenDefault,
  windowDefault,
  labelVariants,
  groupLeakage,
  emptyWindow,
  noGates,
  unmonitoredServing,
  noRetrain,
  smallWindow,
  unusedFeature,
  unusedDefault,
].sort((a, b) => a.phase - b.phase);
