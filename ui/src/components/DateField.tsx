// A date as Huifu wants it (yyyyMMdd), typed in any usual way (20200131, 2020-01-31, 2020/1/31, 2020.1.31)
// or picked from a calendar; the typed forms become yyyyMMdd when the field is left.
import { useState } from "react";
import { Button, Calendar, Input, Popover, Space } from "antd";
import { CalendarOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { normalizeDate } from "../forms/checks";

export function DateField({ value, onChange, id, placeholder, disabled }: { value?: string; onChange?: (v: string) => void; id?: string; placeholder?: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const norm = normalizeDate(value ?? "");
  const shown = norm ? dayjs(norm, "YYYYMMDD") : dayjs();
  return (
    <Space.Compact style={{ width: "100%" }}>
      <Input
        id={id}
        value={value}
        disabled={disabled}
        placeholder={placeholder ?? "20200131 / 2020-01-31"}
        onChange={(e) => onChange?.(e.target.value)}
        onBlur={(e) => {
          const n = normalizeDate(e.target.value);
          if (n && n !== e.target.value) onChange?.(n);
        }}
      />
      <Popover
        trigger="click"
        open={open}
        onOpenChange={setOpen}
        content={
          <div style={{ width: 290 }}>
            <Calendar
              fullscreen={false}
              value={shown}
              onSelect={(d, info) => {
                if (info.source !== "date") return;
                onChange?.(d.format("YYYYMMDD"));
                setOpen(false);
              }}
            />
          </div>
        }
      >
        <Button id={id ? `${id}-pick` : undefined} icon={<CalendarOutlined />} disabled={disabled} />
      </Popover>
    </Space.Compact>
  );
}
