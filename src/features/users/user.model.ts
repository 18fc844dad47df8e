import mongoose, { Schema, type InferSchemaType, type HydratedDocument, type Types } from 'mongoose';

export const ROLES = ['admin', 'manager', 'panelist'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Hiring manager',
  panelist: 'Panelist',
};
export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 254 },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    status: { type: String, enum: USER_STATUSES, default: 'active', required: true },
    passwordHash: { type: String },
    /** Bumped when a user's sessions must end (deactivation, password change). */
    sessionEpoch: { type: Number, default: 0 },
    lastLoginAt: { type: Date },
    invitedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** The IANA zone this user reads times in; unset means the organisation's (TIME_ZONE). */
    timeZone: { type: String, trim: true, maxlength: 64 },
  },
  { timestamps: true },
);
// The active panelists offered when a panel is scheduled or changed, the active admins counted.
userSchema.index({ roles: 1, status: 1 });

export type UserFields = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<UserFields>;

/**
 * The fields of the signed-in user that requests use (req.user): read with the session on every
 * signed-in request (src/features/auth/session-store.ts projects the joined user to these), so
 * neither the password hash nor a mongoose document is built for it. Space-separated, as mongoose
 * projections are written.
 */
export const SIGNED_IN_FIELDS = '_id email name roles status sessionEpoch timeZone';
export type SignedInUser = Pick<
  UserFields,
  'email' | 'name' | 'roles' | 'status' | 'sessionEpoch' | 'timeZone'
> & {
  _id: Types.ObjectId;
};
export const User = mongoose.model('User', userSchema);

export function hasRole(user: { roles?: readonly string[] } | undefined | null, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles?.includes(r));
}
