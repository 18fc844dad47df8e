/** A panelist's own upcoming interviews, for the home page (index: panel.user + scheduledAt). */
import type { Types } from 'mongoose';
import { Interview, PANEL_ROLE_LABELS } from './interview.model.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';

/** A user's own scheduled interviews still ahead, soonest first (home page). */
export async function upcomingFor(
  userId: Types.ObjectId,
  now = new Date(),
  limit = 50,
  zone = organisationTimeZone(),
) {
  const list = await Interview.find(
    { 'panel.user': userId, status: 'scheduled', scheduledAt: { $gt: now } },
    'position candidate panel scheduledAt location',
  )
    .sort({ scheduledAt: 1 })
    .limit(limit)
    .populate<{ candidate: { name: string } | null }>('candidate', 'name')
    .populate<{ position: { title: string } | null }>('position', 'title')
    .lean();
  return list.map((i) => ({
    id: String(i._id),
    scheduledAt: i.scheduledAt,
    when: formatTime(i.scheduledAt, zone),
    candidate: i.candidate?.name ?? '',
    position: i.position?.title ?? '',
    role: PANEL_ROLE_LABELS[i.panel.find((p) => String(p.user) === String(userId))?.role ?? 'member'],
    location: i.location,
  }));
}
