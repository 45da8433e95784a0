// Placeholder so the CDK stack can bundle this entry; replaced by the real handler.
export const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 501 });
