/**
 * nodes/googleDocs back into n8n's Google Docs node v2: `actions` into actionsUi.actionFields, `writeControl` into
 * updateFields.writeControlObject; a service account becomes authentication 'serviceAccount'. Credential slots are
 * named after n8n's types and export as they are. n8n always calls Google's own addresses (apiUrl is not exported).
 */
import { arr, obj, setIf, str, type Params, type ReverseMapper } from './types';

export const googleDocs: ReverseMapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'create');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://docs.googleapis.com') warn('Google Docs: n8n always calls https://docs.googleapis.com; the API address is not exported');
  const out: Params = {};
  if (p.authentication === 'serviceAccount') out.authentication = 'serviceAccount';
  out.operation = operation;
  if (operation === 'create') {
    out.title = str(p.title);
    if (str(p.folderId) !== '' && p.folderId !== 'root') out.folderId = str(p.folderId);
  } else {
    out.documentURL = str(p.documentURL);
    setIf(out, 'simple', p.simple, true);
    if (operation === 'update') {
      out.actionsUi = { actionFields: arr(p.actions).map((a) => ({ ...obj(a) })) };
      if (arr(p.actions).some((a) => obj(a).object === 'contentRange')) warn('Google Docs: n8n has no action deleting a content range; n8n will not run those actions');
      const wc = obj(p.writeControl);
      if (str(wc.value) !== '') out.updateFields = { writeControlObject: { control: str(wc.control, 'requiredRevisionId'), value: str(wc.value) } };
    }
  }
  return { type: 'n8n-nodes-base.googleDocs', typeVersion: 2, parameters: out };
};
