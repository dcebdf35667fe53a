# expect: wrong_answer
# feedback: return_sequences=True
from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential([LSTM(4, input_shape=(3, 2))])
