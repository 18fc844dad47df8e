import 'express-session';
import type { FlashMessage } from './middleware/flash.js';
import type { SignedInUser } from './features/users/user.model.js';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: FlashMessage[];
    returnTo?: string;
  }
}

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SignedInUser {}
  }
}
