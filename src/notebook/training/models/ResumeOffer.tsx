/** "Resume from epoch N (saved at …)" and "Discard": the checkpoint an earlier page left in the browser. */
import { useTrainingService } from '../../hooks/useTrainingService';
import { useTrainingSelector } from '../../hooks/useTrainingSelector';
import { isTrainingBusy, type TrainingStatus } from '../../services/training-types';
import './models.css';

const selectResumable = (s: TrainingStatus) => s.resumable;
const selectPhase = (s: TrainingStatus) => s.phase;

export function ResumeOffer({ datasetReady }: { datasetReady: boolean }) {
  const service = useTrainingService();
  const offer = useTrainingSelector(selectResumable);
  const phase = useTrainingSelector(selectPhase);
  if (!offer) return null;
  const busy = isTrainingBusy(phase);
  const when = new Date(offer.savedAt).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const hint = offer.blocked ?? (!datasetReady ? 'Wait until the dataset is loaded and verified.' : busy ? 'Stop training first.' : null);
  return (
    <div className="resume-offer" role="region" aria-label="Saved checkpoint" data-testid="train.resume" data-epoch={offer.epoch}>
      <span>
        A run of <strong>{offer.model}</strong> on {offer.dataset} was saved after epoch {offer.epoch} of {offer.targetEpochs}.
      </span>
      <button type="button" className="primary" data-testid="train.resume.button" disabled={hint !== null} title={hint ?? 'Restores its charts and trains the remaining epochs from its weights.'} onClick={() => void service.resumeStoredCheckpoint()}>
        Resume from epoch {offer.epoch} (saved at {when})
      </button>
      <button type="button" data-testid="train.resume.discard" disabled={busy} onClick={() => void service.discardStoredCheckpoint()}>
        Discard
      </button>
      {offer.blocked && <span className="muted"> Cannot resume: {offer.blocked}.</span>}
    </div>
  );
}
