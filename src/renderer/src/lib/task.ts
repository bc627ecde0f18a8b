import { useEffect, useRef, useState } from 'react';
import { call, onEvent } from './client';

let counter = 0;
/** A fresh id for a long call, so its progress events can be matched and it can be cancelled. */
export const newTaskId = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface TaskProgress {
  fraction: number;
  message: string;
}

/** Follows the progress events of one task id; cancel() asks main to stop it. */
export function useTaskProgress(taskId: string | null) {
  const [progress, setProgress] = useState<TaskProgress | null>(null);
  const current = useRef(taskId);
  current.current = taskId;
  useEffect(() => {
    setProgress(null);
    if (!taskId) return;
    return onEvent('progress', (p) => {
      if (p.taskId === current.current) setProgress({ fraction: p.fraction, message: p.message });
    });
  }, [taskId]);
  const cancel = () => {
    if (taskId) void call('tasks.cancel', { taskId });
  };
  return { progress, cancel };
}
