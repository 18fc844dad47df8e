/** Typed errors services throw; the error handler maps them to status codes and pages. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Field messages for forms and JSON clients. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  constructor(message = 'The request is not valid.', fields?: Record<string, string>) {
    super(message, 400, fields);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Please sign in to continue.') {
    super(message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super(message, 403);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'We could not find that page.') {
    super(message, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message = 'That conflicts with existing data.', fields?: Record<string, string>) {
    super(message, 409, fields);
  }
}
export class ValidationError extends AppError {
  constructor(message = 'Please correct the highlighted fields.', fields?: Record<string, string>) {
    super(message, 422, fields);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many attempts. Please wait a few minutes and try again.') {
    super(message, 429);
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable. Please try again shortly.') {
    super(message, 503);
  }
}
